package dev.quarry.repo.model;

import dev.quarry.repo.Repository;
import java.time.Instant;
import java.util.Map;

/** Seed 003's sample data: two strategies (RSI active, MACD inactive) and one closed trade. */
public final class SampleData {
  private SampleData() {}

  /**
   * Adds the sample data.
   *
   * @param strategies where strategies go
   * @param trades where trades go
   * @return the RSI strategy as stored
   */
  public static Strategy initialize(Repository<Strategy> strategies, Repository<Trade> trades) {
    Strategy rsi =
        strategies.create(
            Strategy.of(
                "RSI Momentum",
                "Stratégie basée sur RSI",
                "rsi",
                "active",
                Map.of("rsi_period", 14, "overbought", 70, "oversold", 30),
                Map.of("total_pnl", 1250.50, "win_rate", 65.0)));
    strategies.create(
        Strategy.of(
            "MACD Crossover",
            "Stratégie basée sur le croisement MACD",
            "macd",
            "inactive",
            Map.of("fast", 12, "slow", 26, "signal", 9),
            Map.of()));
    Instant opened = Instant.parse("2024-01-02T09:00:00Z");
    trades.create(
        Trade.open(rsi.id(), "BTC", "buy", 0.5, 92000.0, opened)
            .close(94500.0, Instant.parse("2024-01-02T15:00:00Z")));
    return rsi;
  }
}
