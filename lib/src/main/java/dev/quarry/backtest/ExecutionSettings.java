package dev.quarry.backtest;

import dev.quarry.engine.Bracket;

/**
 * How the simulated executor fills orders and keeps the account.
 *
 * <ul>
 *   <li>fill timing: see {@link FillTiming};
 *   <li>costs: commissions (bps of the filled value, per unit with a minimum, per order), slippage
 *       and half-spread on every fill, limit and stop fills included (SPEC §11): see {@link Costs};
 *   <li>accounts: each strategy trades its own sub-account, which starts with {@code initialCash};
 *       a strategy never sells another's position; with {@code sharedCash} the strategies buy from
 *       one cash balance of {@code initialCash} and still own their positions;
 *   <li>sides (SPEC §11): a sell of more than the long position sells it short, unless {@code
 *       longOnly} (then it is rejected); a short sale credits its proceeds to cash, and equity =
 *       cash + Σ quantity × price (short quantities negative);
 *   <li>margin: an order is rejected when, after its fill, the gross exposure Σ |quantity × price|
 *       of its cash balance's positions (each at its symbol's current price) would exceed equity ×
 *       {@code leverage}; with leverage 1 and no short, that is a buy the cash cannot pay for;
 *   <li>borrow fee: at the end of each base bar, every short lot pays its value at the last price ×
 *       {@code borrowBps} / 10,000 × the base bar's length / 365.25 days, from cash; it is part of
 *       the trade's fees;
 *   <li>sizing: see {@link Sizing}; with {@code wholeUnits}, quantities the executor computes are
 *       rounded down to whole units, and an order naming a fractional quantity is rejected;
 *   <li>exits: the stop-loss, take-profit and trailing stop attached to every fill that opens a
 *       position, unless its order carries its own ({@link Bracket}, SPEC §11).
 * </ul>
 *
 * @param fill when market orders fill
 * @param costs commissions, slippage and half-spread
 * @param initialCash cash at the start, &gt; 0
 * @param sizing how orders without a quantity are sized
 * @param sharedCash true for one cash balance across strategies, false (the default) for one
 *     sub-account per strategy
 * @param longOnly true to reject sells of more than the long position (default false)
 * @param leverage gross exposure allowed per unit of equity, &gt; 0 (default 1)
 * @param borrowBps yearly fee on short value, basis points, ≥ 0 (default 0)
 * @param wholeUnits true to trade whole units only (default false: fractional quantities)
 * @param exits the exits of every new position whose order has none ({@link Bracket#NONE} by
 *     default)
 */
public record ExecutionSettings(
    FillTiming fill,
    Costs costs,
    double initialCash,
    Sizing sizing,
    boolean sharedCash,
    boolean longOnly,
    double leverage,
    double borrowBps,
    boolean wholeUnits,
    Bracket exits) {
  /** Checks the settings. */
  public ExecutionSettings {
    if (fill == null || sizing == null || costs == null || exits == null) {
      throw new IllegalArgumentException(
          "execution settings need a fill timing, costs, a sizing and exits (Bracket.NONE)");
    }
    if (!(initialCash > 0 && Double.isFinite(initialCash))) {
      throw new IllegalArgumentException("initial cash must be positive, got " + initialCash);
    }
    if (!(leverage > 0 && Double.isFinite(leverage))) {
      throw new IllegalArgumentException("leverage must be positive, got " + leverage);
    }
    if (!(borrowBps >= 0 && Double.isFinite(borrowBps))) {
      throw new IllegalArgumentException(
          "the borrow fee must be ≥ 0 basis points a year, got " + borrowBps);
    }
  }

  /**
   * Settings with bps commission and slippage only, shorts allowed, leverage 1, no borrow fee,
   * fractional units and no exits.
   *
   * @param fill when market orders fill
   * @param feeBps fee, basis points of the filled value, ≥ 0
   * @param slippageBps slippage of every fill, basis points, ≥ 0
   * @param initialCash cash at the start, &gt; 0
   * @param sizing how buys without a quantity are sized
   * @param sharedCash true for one cash balance across strategies
   */
  public ExecutionSettings(
      FillTiming fill,
      double feeBps,
      double slippageBps,
      double initialCash,
      Sizing sizing,
      boolean sharedCash) {
    this(
        fill,
        Costs.NONE.withFeeBps(feeBps).withSlippageBps(slippageBps),
        initialCash,
        sizing,
        sharedCash,
        false,
        1,
        0,
        false,
        Bracket.NONE);
  }

  /**
   * The defaults: fill at the close, no costs, 10,000 in cash, all equity per buy, shorts allowed,
   * leverage 1, no borrow fee, fractional units, no exits.
   *
   * @return the defaults
   */
  public static ExecutionSettings defaults() {
    return new ExecutionSettings(
        FillTiming.CLOSE, 0, 0, 10_000, Sizing.fractionOfEquity(1.0), false);
  }

  /**
   * The commission in basis points of the filled value.
   *
   * @return {@code costs().feeBps()}
   */
  public double feeBps() {
    return costs.feeBps();
  }

  /**
   * The slippage in basis points.
   *
   * @return {@code costs().slippageBps()}
   */
  public double slippageBps() {
    return costs.slippageBps();
  }

  /**
   * A copy with another fill timing.
   *
   * @param timing the timing
   * @return the copy
   */
  public ExecutionSettings withFill(FillTiming timing) {
    return new ExecutionSettings(
        timing,
        costs,
        initialCash,
        sizing,
        sharedCash,
        longOnly,
        leverage,
        borrowBps,
        wholeUnits,
        exits);
  }

  /**
   * A copy with other costs.
   *
   * @param all commissions, slippage and half-spread
   * @return the copy
   */
  public ExecutionSettings withCosts(Costs all) {
    return new ExecutionSettings(
        fill,
        all,
        initialCash,
        sizing,
        sharedCash,
        longOnly,
        leverage,
        borrowBps,
        wholeUnits,
        exits);
  }

  /**
   * A copy with another commission in basis points.
   *
   * @param bps basis points
   * @return the copy
   */
  public ExecutionSettings withFeeBps(double bps) {
    return withCosts(costs.withFeeBps(bps));
  }

  /**
   * A copy with another slippage.
   *
   * @param bps basis points
   * @return the copy
   */
  public ExecutionSettings withSlippageBps(double bps) {
    return withCosts(costs.withSlippageBps(bps));
  }

  /**
   * A copy with another initial cash.
   *
   * @param cash the cash
   * @return the copy
   */
  public ExecutionSettings withCash(double cash) {
    return new ExecutionSettings(
        fill, costs, cash, sizing, sharedCash, longOnly, leverage, borrowBps, wholeUnits, exits);
  }

  /**
   * A copy with another sizing.
   *
   * @param rule the sizing
   * @return the copy
   */
  public ExecutionSettings withSizing(Sizing rule) {
    return new ExecutionSettings(
        fill,
        costs,
        initialCash,
        rule,
        sharedCash,
        longOnly,
        leverage,
        borrowBps,
        wholeUnits,
        exits);
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
    return new ExecutionSettings(
        fill, costs, initialCash, sizing, shared, longOnly, leverage, borrowBps, wholeUnits, exits);
  }

  /**
   * Sets whether sells beyond the long position (short sales) are rejected.
   *
   * @param only true for long positions only
   * @return the new settings
   */
  public ExecutionSettings withLongOnly(boolean only) {
    return new ExecutionSettings(
        fill, costs, initialCash, sizing, sharedCash, only, leverage, borrowBps, wholeUnits, exits);
  }

  /**
   * Sets the leverage: the gross exposure allowed per unit of equity.
   *
   * @param ratio positive
   * @return the new settings
   */
  public ExecutionSettings withLeverage(double ratio) {
    return new ExecutionSettings(
        fill,
        costs,
        initialCash,
        sizing,
        sharedCash,
        longOnly,
        ratio,
        borrowBps,
        wholeUnits,
        exits);
  }

  /**
   * Sets the yearly borrow fee on short value.
   *
   * @param bps basis points a year, ≥ 0
   * @return the new settings
   */
  public ExecutionSettings withBorrowBps(double bps) {
    return new ExecutionSettings(
        fill, costs, initialCash, sizing, sharedCash, longOnly, leverage, bps, wholeUnits, exits);
  }

  /**
   * Sets whether only whole units are traded.
   *
   * @param whole true to round computed quantities down to whole units
   * @return the new settings
   */
  public ExecutionSettings withWholeUnits(boolean whole) {
    return new ExecutionSettings(
        fill, costs, initialCash, sizing, sharedCash, longOnly, leverage, borrowBps, whole, exits);
  }

  /**
   * Sets the exits attached to every new position whose order carries none.
   *
   * @param bracket the exits, {@link Bracket#NONE} for none
   * @return the new settings
   */
  public ExecutionSettings withExits(Bracket bracket) {
    return new ExecutionSettings(
        fill,
        costs,
        initialCash,
        sizing,
        sharedCash,
        longOnly,
        leverage,
        borrowBps,
        wholeUnits,
        bracket);
  }
}
