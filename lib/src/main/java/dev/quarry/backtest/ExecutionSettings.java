package dev.quarry.backtest;

/**
 * How the simulated executor fills orders and keeps the account.
 *
 * <ul>
 *   <li>fill timing: see {@link FillTiming};
 *   <li>slippage: every fill is {@code slippageBps} basis points worse than the price its rule
 *       gives (buy: × (1 + s/10,000), sell: × (1 − s/10,000)), limit and stop fills included (SPEC
 *       §11);
 *   <li>fees: {@code feeBps} basis points of the filled value (quantity × fill price), paid in cash
 *       on every fill;
 *   <li>accounts: each strategy trades its own sub-account, which starts with {@code initialCash}
 *       and holds long positions only: a buy it cannot fund and a sell of more than it holds are
 *       rejected, and a strategy never sells another's position; with {@code sharedCash} the
 *       strategies buy from one cash balance of {@code initialCash} and still own their positions.
 * </ul>
 *
 * @param fill when market orders fill
 * @param feeBps fee, basis points of the filled value, ≥ 0
 * @param slippageBps slippage of every fill, basis points, ≥ 0
 * @param initialCash cash at the start, &gt; 0
 * @param sizing how buys without a quantity are sized
 * @param sharedCash true for one cash balance across strategies, false (the default) for one
 *     sub-account per strategy
 */
public record ExecutionSettings(
    FillTiming fill,
    double feeBps,
    double slippageBps,
    double initialCash,
    Sizing sizing,
    boolean sharedCash) {
  /** Checks the settings. */
  public ExecutionSettings {
    if (fill == null || sizing == null) {
      throw new IllegalArgumentException("execution settings need a fill timing and a sizing");
    }
    if (!(feeBps >= 0 && feeBps < 10_000)) {
      throw new IllegalArgumentException("fee must be in [0, 10000) basis points, got " + feeBps);
    }
    if (!(slippageBps >= 0 && slippageBps < 10_000)) {
      throw new IllegalArgumentException(
          "slippage must be in [0, 10000) basis points, got " + slippageBps);
    }
    if (!(initialCash > 0 && Double.isFinite(initialCash))) {
      throw new IllegalArgumentException("initial cash must be positive, got " + initialCash);
    }
  }

  /**
   * The defaults: fill at the close, no fee, no slippage, 10,000 in cash, all equity per buy.
   *
   * @return the defaults
   */
  public static ExecutionSettings defaults() {
    return new ExecutionSettings(
        FillTiming.CLOSE, 0, 0, 10_000, Sizing.fractionOfEquity(1.0), false);
  }

  /**
   * A copy with another fill timing.
   *
   * @param timing the timing
   * @return the copy
   */
  public ExecutionSettings withFill(FillTiming timing) {
    return new ExecutionSettings(timing, feeBps, slippageBps, initialCash, sizing, sharedCash);
  }

  /**
   * A copy with another fee.
   *
   * @param bps basis points
   * @return the copy
   */
  public ExecutionSettings withFeeBps(double bps) {
    return new ExecutionSettings(fill, bps, slippageBps, initialCash, sizing, sharedCash);
  }

  /**
   * A copy with another slippage.
   *
   * @param bps basis points
   * @return the copy
   */
  public ExecutionSettings withSlippageBps(double bps) {
    return new ExecutionSettings(fill, feeBps, bps, initialCash, sizing, sharedCash);
  }

  /**
   * A copy with another initial cash.
   *
   * @param cash the cash
   * @return the copy
   */
  public ExecutionSettings withCash(double cash) {
    return new ExecutionSettings(fill, feeBps, slippageBps, cash, sizing, sharedCash);
  }

  /**
   * A copy with another sizing.
   *
   * @param rule the sizing
   * @return the copy
   */
  public ExecutionSettings withSizing(Sizing rule) {
    return new ExecutionSettings(fill, feeBps, slippageBps, initialCash, rule, sharedCash);
  }

  /**
   * Sets whether the strategies share one cash balance. By default each strategy trades its own
   * sub-account, which starts with the initial cash (SPEC §11): it can never sell what another
   * bought, and the run's equity is the sum of the sub-accounts'. Shared, there is one cash balance
   * (the initial cash, once) from which every strategy buys; positions stay each strategy's own.
   *
   * @param shared true for one cash balance across the strategies
   * @return the new settings
   */
  public ExecutionSettings withSharedCash(boolean shared) {
    return new ExecutionSettings(fill, feeBps, slippageBps, initialCash, sizing, shared);
  }
}
