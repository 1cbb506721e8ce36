package dev.quarry.stats;

import dev.quarry.bars.Bars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A walk-forward layout (SPEC §14): train and test lengths, the step between consecutive folds, and
 * whether the train range rolls or stays anchored at the start.
 *
 * <p>Over a range [start, end), fold k (from 0) tests [start + train + k·step, … + test); its train
 * range ends where the test starts and begins {@code train} earlier (rolling) or at {@code start}
 * (anchored, so it grows by {@code step} per fold). Folds are added while the test range ends at or
 * before {@code end}; a partial last test slice is <em>dropped</em>, not truncated, so every test
 * slice has the same length and the bars after the last test end are unused.
 *
 * <p>The step is at least the test length: test slices never overlap, so they stitch into one
 * out-of-sample curve (a step longer than the test leaves gaps between them).
 *
 * <pre>{@code
 * Folds folds = Folds.parse("train=30d,test=7d,anchored");
 * List<Fold> list =
 *     folds.over(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-03-01T00:00:00Z"));
 * }</pre>
 *
 * @param train the train length, positive
 * @param test the test length, positive
 * @param step the distance between consecutive test starts, at least {@code test}
 * @param anchored true if every train range starts at the range start, false if it rolls
 */
public record Folds(Duration train, Duration test, Duration step, boolean anchored) {
  /** Checks the lengths are positive and the step at least the test length. */
  public Folds {
    if (train.isNegative() || train.isZero() || test.isNegative() || test.isZero()) {
      throw new IllegalArgumentException(
          "walk-forward train=" + text(train) + ", test=" + text(test) + ": both must be positive");
    }
    if (step.compareTo(test) < 0) {
      throw new IllegalArgumentException(
          "walk-forward step="
              + text(step)
              + " is shorter than test="
              + text(test)
              + ": test slices would overlap and could not be stitched into one out-of-sample"
              + " curve; use step >= test (the default is step = test)");
    }
  }

  /**
   * A layout whose step equals the test length.
   *
   * @param train the train length
   * @param test the test length, also the step
   * @param anchored anchored or rolling train ranges
   * @return the layout
   */
  public static Folds of(Duration train, Duration test, boolean anchored) {
    return new Folds(train, test, test, anchored);
  }

  /**
   * Parses {@code train=30d,test=7d[,step=7d][,anchored|,rolling]}: lengths are a count and a unit
   * ({@code s}, {@code m}, {@code h}, {@code d}) as in {@link Bars#timeframe(String)}; the step
   * defaults to the test length, the mode to rolling. Spaces around parts are ignored.
   *
   * @param text the layout
   * @return the layout
   * @throws IllegalArgumentException naming the bad part: an unknown or repeated key, a bad length,
   *     a missing train or test, or both anchored and rolling
   */
  public static Folds parse(String text) {
    Map<String, Duration> lengths = new LinkedHashMap<>();
    Boolean anchored = null;
    for (String raw : text.split(",", -1)) {
      String part = raw.trim();
      if (part.equals("anchored") || part.equals("rolling")) {
        if (anchored != null) {
          throw bad(text, part, "the mode is given twice; use one of anchored or rolling");
        }
        anchored = part.equals("anchored");
        continue;
      }
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq).trim();
      if (eq < 0 || !(key.equals("train") || key.equals("test") || key.equals("step"))) {
        throw bad(
            text,
            part,
            "expected train=<length>, test=<length>, step=<length>, anchored" + " or rolling");
      }
      if (lengths.containsKey(key)) {
        throw bad(text, part, key + " is given twice");
      }
      String value = part.substring(eq + 1).trim();
      try {
        lengths.put(key, Bars.timeframe(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "walk-forward '"
                + text
                + "': "
                + key
                + "='"
                + value
                + "' is not a length; write a count and a unit (s, m, h, d), e.g. 30d, 12h, 90m",
            e);
      }
    }
    for (String key : List.of("train", "test")) {
      if (!lengths.containsKey(key)) {
        throw new IllegalArgumentException(
            "walk-forward '" + text + "' has no " + key + "=<length>; e.g. train=30d,test=7d");
      }
    }
    Duration test = lengths.get("test");
    return new Folds(
        lengths.get("train"),
        test,
        lengths.getOrDefault("step", test),
        anchored != null && anchored);
  }

  /**
   * The folds over [start, end), in time order, numbered from 1.
   *
   * @param start first instant of the data
   * @param end end of the data (exclusive)
   * @return at least one fold
   * @throws IllegalArgumentException if end is not after start, or train + test is longer than the
   *     range (no fold fits)
   */
  public List<Fold> over(Instant start, Instant end) {
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "walk-forward range ["
              + start
              + ", "
              + end
              + ") is empty: the end must follow the start");
    }
    Duration span = Duration.between(start, end);
    Duration first = train.plus(test);
    if (first.compareTo(span) > 0) {
      throw new IllegalArgumentException(
          this
              + " needs "
              + describe(first)
              + "; the data spans "
              + describe(span)
              + " ("
              + start
              + " to "
              + end
              + "): use shorter train or test lengths or more data");
    }
    List<Fold> folds = new ArrayList<>();
    for (Instant testStart = start.plus(train);
        !testStart.plus(test).isAfter(end);
        testStart = testStart.plus(step)) {
      Instant trainStart = anchored ? start : testStart.minus(train);
      folds.add(new Fold(folds.size() + 1, trainStart, testStart, testStart, testStart.plus(test)));
    }
    return List.copyOf(folds);
  }

  /**
   * The layout as {@link #parse} reads it: {@code train=30d,test=7d}, then {@code step=…} if it
   * differs from the test length, then {@code anchored} if anchored.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "train="
        + text(train)
        + ",test="
        + text(test)
        + (step.equals(test) ? "" : ",step=" + text(step))
        + (anchored ? ",anchored" : "");
  }

  /** A length in the largest whole unit: 30d, 12h, 90m, 45s (fractions of seconds in ms). */
  private static String text(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toMillis() + "ms";
    }
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** A length in words: "37 days", "6 days 16 hours", "1 hour 30 minutes". */
  static String describe(Duration d) {
    long[] amounts = {d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart()};
    String[] units = {"day", "hour", "minute", "second"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] != 0) {
        sb.append(sb.length() == 0 ? "" : " ")
            .append(amounts[i])
            .append(' ')
            .append(units[i])
            .append(amounts[i] == 1 ? "" : "s");
      }
    }
    if (d.toMillisPart() != 0 || sb.length() == 0) {
      sb.append(sb.length() == 0 ? "" : " ").append(d.toMillisPart()).append(" ms");
    }
    return sb.toString();
  }

  private static IllegalArgumentException bad(String text, String part, String why) {
    return new IllegalArgumentException("walk-forward '" + text + "': part '" + part + "': " + why);
  }
}
