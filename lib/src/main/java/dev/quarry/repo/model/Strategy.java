package dev.quarry.repo.model;

import java.time.Instant;
import java.util.Map;

/**
 * A trading strategy as seed 003 stores it.
 *
 * @param id assigned by the repository
 * @param name a non-blank name
 * @param description free text, may be empty
 * @param type e.g. {@code rsi}, {@code macd}, {@code manual}
 * @param status {@code active} or {@code inactive}
 * @param config its settings, e.g. {@code rsi_period → 14}
 * @param performance its figures, e.g. {@code total_pnl → 1250.5}
 * @param createdAt set by the repository
 * @param updatedAt set by the repository
 */
public record Strategy(
    long id,
    String name,
    String description,
    String type,
    String status,
    Map<String, Object> config,
    Map<String, Object> performance,
    Instant createdAt,
    Instant updatedAt) {
  /**
   * Checks the fields and copies the maps.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public Strategy {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a strategy needs a non-blank name");
    }
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("strategy '" + name + "' needs a type, e.g. rsi");
    }
    if (!"active".equals(status) && !"inactive".equals(status)) {
      throw new IllegalArgumentException(
          "strategy '" + name + "': status must be active or inactive, got " + status);
    }
    description = description == null ? "" : description;
    config = config == null ? Map.of() : Map.copyOf(config);
    performance = performance == null ? Map.of() : Map.copyOf(performance);
  }

  /**
   * A new strategy, before the repository assigns its id and times.
   *
   * @param name the name
   * @param description the description
   * @param type the type
   * @param status active or inactive
   * @param config the settings
   * @param performance the figures
   * @return the strategy
   */
  public static Strategy of(
      String name,
      String description,
      String type,
      String status,
      Map<String, Object> config,
      Map<String, Object> performance) {
    return new Strategy(0, name, description, type, status, config, performance, null, null);
  }
}
