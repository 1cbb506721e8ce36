package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.Bracket;
import dev.quarry.engine.Distance;
import dev.quarry.engine.Executor;
import dev.quarry.engine.Fill;
import dev.quarry.engine.Order;
import dev.quarry.engine.OrderChange;
import dev.quarry.engine.OrderRequest;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import dev.quarry.engine.Signal;
import dev.quarry.engine.TaskContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Fills the strategies' orders against the bars, keeps cash and long or short positions per symbol
 * ({@link Margin}, {@link ExecutionSettings}), and records orders, trades and the equity curve
 * (beside each row, what the equal-weight buy and hold of the run's symbols is worth then, for
 * {@link Metrics}: each symbol's first and last close, no allocation per bar).
 *
 * <p>Each strategy trades its own sub-account (its positions, and its cash unless the settings
 * share one balance): a strategy never closes another's position, and trades, orders and the equity
 * curve carry the strategy's name.
 *
 * <p>It waits until every strategy named at construction has sent its {@link Signal} for a bar,
 * then processes the bars strictly in their order ({@link Bar#seq()}), whatever thread sent what:
 * live and simulated runs give the same results. For each bar, in this order:
 *
 * <ol>
 *   <li>if the bar closes at a new time (bars come in the order of their close, SPEC §12), short
 *       lots pay their borrow fee for the base bar that ended (if any), then the equity curve gets
 *       a row per sub-account for the previous time: cash + every position × its symbol's last
 *       close (short quantities negative);
 *   <li>orders waiting on the bar's symbol are tried, oldest first, by the rules of SPEC §11
 *       ({@link FillRules}, documented on {@link Orders}): a market order (placed with fill timing
 *       {@code next-open}) fills at the bar's open; limit, stop and stop-limit orders by the bar's
 *       open, high and low; an order not filled counts the bar towards its expiry;
 *   <li>the new orders are placed, strategies in the order given, each strategy's orders in the
 *       order it placed them, numbered from 1: with fill timing {@code close} a market order fills
 *       at the bar's close; every other order waits, and is first evaluated on the symbol's next
 *       bar; then each strategy's cancels and replaces are applied to its pending orders.
 * </ol>
 *
 * <p>Slippage moves every fill against the order. Orders wait until they fill, are cancelled,
 * expire, or the data ends (then they are listed as unfilled).
 *
 * <p>Fees, slippage and sizing are those of {@link ExecutionSettings}. Trades are round trips, lots
 * closed first in, first out: a fill first closes lots of the other side (a trade per lot or part
 * of a lot), then opens a lot of its own side. Fees are shared pro rata: a trade carries its part
 * of the entry fee and of the exit fee (and a short lot its borrow fees), and pnl = (exit − entry)
 * × quantity − fees for a long, (entry − exit) × quantity − fees for a short. A position still open
 * at the end is a trade with empty exit fields, pnl marked at its last close (net of its entry
 * fee).
 */
public final class SimulatedExecutor implements Executor<Signal> {
  private static final String NAME = "simulated-executor";

  private final ExecutionSettings settings;
  private final List<String> strategies;
  private final Map<String, Integer> strategyIndex = new HashMap<>();
  private final Costs costs;
  private final double slippage;

  /** The borrow fee on short value, a fraction a year. */
  private final double borrowRate;

  private static final double YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

  /** Buying power under this share of equity is none: the crumbs that rounding leaves. */
  private static final double DUST = 1e-9;

  /** One account per strategy, in the strategies' order. */
  private final Account[] accounts;

  /** What the equity curve has a row for at each time: each account, or the one shared wallet. */
  private final Ledger[] ledgers;

  private final Map<String, Market> markets = new LinkedHashMap<>();
  private Market lastMarket;

  /**
   * The markets of buy and hold, in the order of their first bar: {@link #markets}' values but the
   * resampled series, without an iterator.
   */
  private Market[] marketList = new Market[8];

  private int marketCount;

  /** Series that are another symbol's bars resampled: not held in buy and hold. */
  private final java.util.Set<String> resampled = new java.util.HashSet<>();

  private long nextSeq;
  private final Map<Long, Signal[]> waiting = new HashMap<>();
  private final Signal[] one = new Signal[1];

  /** The base timeframe: an equity row's timestamp is its end minus it (0: the first bar's). */
  private long base;

  private long rowEnd = Long.MIN_VALUE;
  private long tradeFrom = Long.MIN_VALUE;
  private long equityPeriod;
  private int rows;
  private long[] rowTimes = new long[1024];
  private double[] rowEquity = new double[1024];
  private double[] rowCash = new double[1024];
  private double[] rowPosition = new double[1024];

  /**
   * Per equity row: Σ (last close / first close − 1) over the symbols seen so far; with N symbols
   * in the end, the equal-weight buy-and-hold portfolio is worth 1 + this / N ({@link Metrics}).
   */
  private double[] rowHold = new double[1024];

  private long bars;

  private long nextOrderId = 1;
  private final OrderLog orders = new OrderLog();
  private final List<ResultTables.TradeRow> trades = new ArrayList<>();
  private boolean finished;

  private double totalFees;
  private double totalSlippage;
  private double totalBorrow;

  /** Σ |quantity × fill price| over every fill. */
  private double totalTraded;

  private int pessimisticExits;

  /**
   * An executor for these strategies.
   *
   * @param settings fills, fees, cash, sizing and accounts
   * @param strategies the names of every strategy whose signals it waits for, in the order their
   *     orders are placed on a bar; each trades its own account unless the settings share the cash
   */
  public SimulatedExecutor(ExecutionSettings settings, List<String> strategies) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("an executor needs the names of its strategies");
    }
    this.strategies = List.copyOf(strategies);
    for (String s : this.strategies) {
      if (strategyIndex.put(s, strategyIndex.size()) != null) {
        throw new IllegalArgumentException("strategy '" + s + "' is listed twice");
      }
    }
    this.costs = settings.costs();
    this.slippage = costs.adverse();
    this.borrowRate = settings.borrowBps() / 10_000;
    accounts = new Account[this.strategies.size()];
    if (settings.sharedCash()) {
      Ledger shared = new Ledger("shared", settings.initialCash());
      for (int i = 0; i < accounts.length; i++) {
        accounts[i] = new Account(this.strategies.get(i), shared);
        shared.accounts.add(accounts[i]);
      }
      ledgers = new Ledger[] {shared};
    } else {
      ledgers = new Ledger[accounts.length];
      for (int i = 0; i < accounts.length; i++) {
        ledgers[i] = new Ledger(this.strategies.get(i), settings.initialCash());
        accounts[i] = new Account(this.strategies.get(i), ledgers[i]);
        ledgers[i].accounts.add(accounts[i]);
      }
    }
  }

  /**
   * Sets the base timeframe, the shortest of the run's series: the equity curve has a row per
   * moment some bar closes, timestamped like a base bar by its start (end − base). By default it is
   * the first bar's timeframe.
   */
  void baseTimeframe(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("the base timeframe must be positive, got " + millis);
    }
    base = millis;
  }

  /** Orders asked for on bars starting before this time are dropped (a walk-forward's warm-up). */
  void tradeFrom(long millis) {
    tradeFrom = millis;
  }

  /**
   * Keeps one equity row per ledger and period of {@code millis} (periods aligned to multiples of
   * it since the epoch, UTC): the first time of the run, then the last time of each period, its row
   * replacing the period's earlier ones as the run goes. 0, the default, keeps every time.
   */
  void sampleEquity(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("the equity period must not be negative, got " + millis);
    }
    equityPeriod = millis;
  }

  /**
   * Names the series resampled from a symbol's base bars ({@link SeriesKey#name()}): they are the
   * same symbol, so buy and hold ({@link Metrics}) leaves them out.
   */
  void resampledSeries(java.util.Collection<String> names) {
    resampled.addAll(names);
  }

  /** Sizes the equity curve for this many times up front (a hint; it grows past it if needed). */
  void expectRows(int count) {
    long cells = (long) count * ledgers.length;
    if (rows == 0 && cells > rowTimes.length && cells < Integer.MAX_VALUE) {
      rowTimes = new long[(int) cells];
      rowEquity = new double[(int) cells];
      rowCash = new double[(int) cells];
      rowPosition = new double[(int) cells];
      rowHold = new double[(int) cells];
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<Signal> subscribedEvent() {
    return Signal.class;
  }

  @Override
  public void handleEvent(Signal signal, TaskContext context) {
    if (strategies.size() == 1
        && signal.bar().seq() == nextSeq
        && signal.strategy().equals(strategies.get(0))) {
      one[0] = signal; // one strategy, in order: the common case, without a lookup
      process(signal.bar(), one, context);
      return;
    }
    Integer index = strategyIndex.get(signal.strategy());
    if (index == null) {
      throw new IllegalStateException(
          "signal from strategy '"
              + signal.strategy()
              + "', which this executor does not serve; it serves "
              + strategies);
    }
    long seq = signal.bar().seq();
    if (seq < nextSeq) {
      throw new IllegalStateException(
          "strategy '" + signal.strategy() + "' decided twice on bar #" + seq);
    }
    if (strategies.size() == 1 && seq == nextSeq) {
      one[0] = signal;
      process(signal.bar(), one, context);
      return;
    }
    Signal[] slot = waiting.computeIfAbsent(seq, k -> new Signal[strategies.size()]);
    if (slot[index] != null) {
      throw new IllegalStateException(
          "strategy '" + signal.strategy() + "' decided twice on bar #" + seq);
    }
    slot[index] = signal;
    for (Signal[] next = waiting.get(nextSeq); next != null; next = waiting.get(nextSeq)) {
      for (Signal s : next) {
        if (s == null) {
          return;
        }
      }
      waiting.remove(nextSeq);
      process(next[0].bar(), next, context);
    }
  }

  private void process(Bar bar, Signal[] signals, TaskContext context) {
    nextSeq++;
    if (bar.time() >= tradeFrom) {
      bars++;
    }
    if (bar.end() != rowEnd) {
      if (rowEnd != Long.MIN_VALUE) {
        if (bar.end() < rowEnd) {
          throw new IllegalStateException(
              "bar #"
                  + bar.seq()
                  + " of "
                  + bar.symbol()
                  + " closes at "
                  + Instant.ofEpochMilli(bar.end())
                  + ", before a bar already processed closed ("
                  + Instant.ofEpochMilli(rowEnd)
                  + "): bars must come in the order of their close");
        }
        addRows();
      } else if (base == 0) {
        base = bar.timeframeMillis();
      }
      rowEnd = bar.end();
    }
    Market market = market(bar.symbol());
    market.price = bar.open();
    if (!market.exits.isEmpty()) {
      tryExits(market, bar, context);
    }
    if (!market.resting.isEmpty()) {
      tryResting(market, bar, context);
    }
    market.atr.update(bar.high(), bar.low(), bar.close());
    market.price = bar.close();
    market.lastClose = bar.close();
    if (bar.time() < tradeFrom) {
      return; // still warming up: what the strategies asked for does not count, nor buy and hold
    }
    if (Double.isNaN(market.firstClose)) {
      market.firstClose = bar.close();
    }
    for (int s = 0; s < signals.length; s++) {
      Signal signal = signals[s];
      Account account = signals.length == accounts.length ? accounts[s] : account(signal);
      List<OrderRequest> requests = signal.orders();
      for (int i = 0; i < requests.size(); i++) {
        place(account, bar, market, requests.get(i), context);
      }
      List<OrderChange> changes = signal.changes();
      for (int i = 0; i < changes.size(); i++) {
        change(account, changes.get(i), context);
      }
    }
  }

  /** Cancels or replaces a pending order; an order no longer pending is left as it is. */
  private void change(Account account, OrderChange change, TaskContext context) {
    PendingOrder order = account.pending.get(change.ref());
    if (order == null) {
      return;
    }
    if (change.isCancel()) {
      order.market.resting.remove(order);
      settle(order, Order.Status.CANCELLED, "cancelled by the strategy", context);
    } else if (order.request.type() == OrderType.LIMIT || order.triggered) {
      order.limit = change.price();
    } else if (order.request.type().hasStop()) {
      order.stop = change.price();
    }
  }

  private Account account(Signal signal) {
    return accounts[strategyIndex.get(signal.strategy())];
  }

  private Market market(String symbol) {
    Market m = lastMarket;
    if (m != null && m.symbol.equals(symbol)) {
      return m;
    }
    m = markets.get(symbol);
    if (m == null) {
      m = new Market(symbol);
      markets.put(symbol, m);
      if (!resampled.contains(symbol)) {
        if (marketCount == marketList.length) {
          marketList = Arrays.copyOf(marketList, marketCount * 2);
        }
        marketList[marketCount++] = m;
      }
    }
    lastMarket = m;
    return m;
  }

  private void place(
      Account account, Bar bar, Market market, OrderRequest request, TaskContext context) {
    PendingOrder order =
        new PendingOrder(
            nextOrderId++,
            account,
            market,
            bar.time(),
            request,
            request.isTargetWeight() ? "target:" + request.targetWeight() : "");
    if (request.isTargetWeight() && !decideSide(order, context)) {
      return;
    }
    if (settings.fill() == FillTiming.CLOSE && request.type() == OrderType.MARKET) {
      execute(order, market, bar.close(), bar, false, context);
    } else {
      market.resting.add(order);
      if (request.ref() > 0) {
        account.pending.put(request.ref(), order);
      }
    }
  }

  /**
   * Tries the orders waiting on the bar's symbol, oldest first: each fills by {@link FillRules} or
   * counts the bar towards its expiry.
   */
  private void tryResting(Market market, Bar bar, TaskContext context) {
    for (Iterator<PendingOrder> it = market.resting.iterator(); it.hasNext(); ) {
      PendingOrder order = it.next();
      double price = order.price(bar);
      if (!Double.isNaN(price)) {
        it.remove();
        order.account.pending.remove(order.request.ref());
        execute(order, market, price, bar, price == bar.open(), context);
      } else if (++order.bars == order.request.expireAfter()) {
        it.remove();
        settle(
            order,
            Order.Status.EXPIRED,
            "not filled within " + order.bars + (order.bars == 1 ? " bar" : " bars"),
            context);
      }
    }
  }

  /**
   * Tries the active exits on the bar's symbol, in the order they were set ({@link Exits}); a leg
   * reached closes its whole position.
   */
  private void tryExits(Market market, Bar bar, TaskContext context) {
    for (int i = 0; i < market.exits.size(); ) {
      Exits exits = market.exits.get(i);
      if (!tryExit(exits, market, bar, context)) {
        i++;
      }
    }
  }

  /** Tries one position's exits on the bar; true if a leg filled (they are then removed). */
  private boolean tryExit(Exits exits, Market market, Bar bar, TaskContext context) {
    double price = exits.price(bar);
    if (Double.isNaN(price)) {
      return false;
    }
    if (exits.pessimistic) {
      pessimisticExits++;
    }
    execute(exits.filled, market, price, bar, false, context);
    return true;
  }

  private double withSlippage(Side side, double price) {
    return side == Side.BUY ? price * (1 + slippage) : price * (1 - slippage);
  }

  /**
   * Decides a target-weight order's side from the position and equity now (the decision bar's
   * close); false if it has nothing to do (it is then rejected).
   */
  private boolean decideSide(PendingOrder order, TaskContext context) {
    Position position = order.account.position(order.market);
    double target =
        order.request.targetWeight() * order.account.ledger.equity() / order.market.price;
    order.side =
        target > position.quantity || (target == position.quantity && target >= 0)
            ? Side.BUY
            : Side.SELL;
    if (target == position.quantity) {
      reject(order, order.market, alreadyAtTarget(order, position), context);
      return false;
    }
    return true;
  }

  private static String alreadyAtTarget(PendingOrder order, Position position) {
    return "already at the target weight "
        + order.request.targetWeight()
        + " (holds "
        + position.quantity
        + " of "
        + order.market.symbol
        + ")";
  }

  /**
   * Fills an order at {@code rulePrice} (its fill rule's price, before slippage and half-spread) on
   * the bar, or rejects it; {@code atOpen} when it fills at the bar's open, so that exits it
   * attaches are tried on this bar already.
   */
  private void execute(
      PendingOrder order,
      Market market,
      double rulePrice,
      Bar bar,
      boolean atOpen,
      TaskContext ctx) {
    OrderRequest r = order.request;
    Account account = order.account;
    Ledger ledger = account.ledger;
    Position position = account.position(market);
    boolean buy = order.side == Side.BUY;
    // At the fill the market trades at the rule's price: positions, sizing and the margin check
    // after the fill (SPEC §11) value the symbol there, not at the bar's open.
    market.price = rulePrice;
    double price = withSlippage(order.side, rulePrice);
    double held = position.quantity;
    double quantity;
    if (order.exits != null) {
      quantity = Math.abs(held); // an exit closes the whole position
    } else if (r.isTargetWeight()) {
      quantity = targetQuantity(order, position, price);
      if (!(quantity > 0)) {
        reject(order, market, alreadyAtTarget(order, position), ctx);
        return;
      }
    } else if (buy) {
      quantity = r.defaultQuantity() ? size(ledger, market, r, price) : r.quantity();
      if (!(quantity > 0)) {
        reject(order, market, sizingRefusal(ledger, market, r, price), ctx);
        return;
      }
    } else {
      String refusal = sellRefusal(account, market, r, held);
      if (refusal != null) {
        reject(order, market, refusal, ctx);
        return;
      }
      quantity = r.defaultQuantity() ? held : r.quantity();
    }
    if (settings.wholeUnits() && quantity != Math.rint(quantity)) {
      if (!r.defaultQuantity() && !r.isTargetWeight() && order.exits == null) {
        reject(order, market, "quantity " + quantity + " is not a whole number of units", ctx);
        return;
      }
      quantity = Math.floor(quantity);
      if (quantity == 0) {
        reject(order, market, "its quantity rounds down to 0 whole units", ctx);
        return;
      }
    }
    double after = held + (buy ? quantity : -quantity);
    boolean opens = after != 0 && (held == 0 || held * after < 0);
    Bracket bracket = bracketFor(order, after, opens);
    if (bracket.needsAtr() && Double.isNaN(market.atr.value())) {
      reject(order, market, atrMissing(market, bracket), ctx);
      return;
    }
    boolean sized = r.defaultQuantity() || r.isTargetWeight();
    String breach = breach(ledger, position, held, quantity, buy, price);
    if (breach != null && sized && order.exits == null) {
      // A quantity the executor computed is cut to the largest that keeps the margin rule (its
      // sizing values the position at the fill price, while slippage and the spread also cost
      // equity, and the position is marked at the market's price).
      double fits = largestFitting(ledger, position, held, quantity, buy, price);
      if (fits > 0) {
        quantity = fits;
        after = held + (buy ? quantity : -quantity);
        breach = null;
      }
    }
    if (breach != null) {
      reject(order, market, breach, ctx);
      return;
    }
    double value = quantity * price;
    double fee = costs.commission(quantity, price);
    double cashAfter = buy ? ledger.cash - (value + fee) : ledger.cash + (value - fee);
    ledger.cash = cashAfter;
    totalFees += fee;
    totalSlippage += Math.abs(price - rulePrice) * quantity;
    totalTraded += Math.abs(value);
    String reason = order.exits != null ? order.role : "signal";
    double rest = quantity;
    long time = bar.time();
    if (buy ? held < 0 : held > 0) {
      double covered = Math.abs(held);
      boolean all = quantity >= covered; // an exit's or a whole sell's quantity is the position
      closeLots(
          account, position, all ? covered : quantity, quantity, price, fee, time, all, reason);
      rest = quantity > covered ? quantity - covered : 0;
    }
    if (rest > 0) {
      double lotFee = rest == quantity ? fee : fee * rest / quantity;
      position.lots.add(new Lot(time, rest, price, lotFee, !buy));
      position.quantity += buy ? rest : -rest;
    }
    fill(order, market, time, quantity, price, fee, Math.abs(price - rulePrice) * quantity, ctx);
    Exits old = position.exits;
    if (old != null && (position.quantity == 0 || position.quantity * held < 0)) {
      closeExits(
          old,
          order.exits == old ? order : null,
          order.exits == old
              ? "one-cancels-other: the " + order.role + " (order " + order.id + ") filled"
              : "one-cancels-other: order " + order.id + " closed the position",
          ctx);
      old = null;
    }
    if (!bracket.isEmpty()) {
      if (old != null) {
        closeExits(old, null, "replaced by the exits of order " + order.id, ctx);
      }
      attach(position, bracket, price, bar, atOpen, ctx);
    }
  }

  /**
   * The largest quantity up to {@code quantity} that keeps the margin rule, by bisection; 0 if none
   * does. The part that only reduces the position always fits.
   */
  private double largestFitting(
      Ledger ledger, Position position, double held, double quantity, boolean buy, double price) {
    double lo = (buy ? held < 0 : held > 0) ? Math.min(Math.abs(held), quantity) : 0;
    double hi = quantity;
    for (int i = 0; i < 64 && Math.nextUp(lo) < hi; i++) {
      double mid = lo + (hi - lo) / 2;
      if (breach(ledger, position, held, mid, buy, price) == null) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Why filling {@code quantity} at {@code price} breaks the margin rule ({@link Margin}), or null.
   * Closing or reducing a position is never refused: a short losing past the margin limit must
   * still be coverable (as a broker's buy-in would), and a long sold.
   */
  private String breach(
      Ledger ledger, Position position, double held, double quantity, boolean buy, double price) {
    double after = held + (buy ? quantity : -quantity);
    if (Math.abs(after) <= Math.abs(held) && after * held >= 0) {
      return null;
    }
    double value = quantity * price;
    double fee = costs.commission(quantity, price);
    double cashAfter = buy ? ledger.cash - (value + fee) : ledger.cash + (value - fee);
    double net = 0;
    double shorts = 0;
    for (Account a : ledger.accounts) {
      for (Position p : a.list) {
        double v = (p == position ? after : p.quantity) * p.market.price;
        net += v;
        shorts -= v < 0 ? v : 0;
      }
    }
    return Margin.breach(
        shorts, net, cashAfter, settings.leverage(), buy ? value + fee : Double.NaN, ledger.cash);
  }

  /**
   * The exits a fill attaches: its order's own when the position after it is on the order's side,
   * else the settings' when it opens a position; none for an exit's own fill.
   */
  private Bracket bracketFor(PendingOrder order, double after, boolean opens) {
    if (order.exits != null || after == 0) {
      return Bracket.NONE;
    }
    Bracket own = order.request.bracket();
    if (!own.isEmpty()) {
      return (order.side == Side.BUY) == (after > 0) ? own : Bracket.NONE;
    }
    return opens ? settings.exits() : Bracket.NONE;
  }

  private static String atrMissing(Market market, Bracket bracket) {
    return "ATR("
        + Distance.ATR_PERIOD
        + ") of "
        + market.symbol
        + " is not defined yet (it needs "
        + (Distance.ATR_PERIOD + 1)
        + " bars), so the exits ("
        + bracket.label()
        + ") cannot be placed";
  }

  /**
   * Attaches exits to a position entered at {@code entry}; tried on this bar if filled at its open.
   */
  private void attach(
      Position position, Bracket bracket, double entry, Bar bar, boolean atOpen, TaskContext ctx) {
    Market market = position.market;
    Account account = accountOf(position);
    boolean isLong = position.quantity > 0;
    Side exitSide = isLong ? Side.SELL : Side.BUY;
    Exits exits =
        new Exits(
            position,
            isLong,
            bracket,
            entry,
            market.atr.value(),
            (role, level) -> leg(account, market, bar.time(), exitSide, role, level));
    for (PendingOrder leg : exits.legs()) {
      leg.exits = exits;
    }
    position.exits = exits;
    market.exits.add(exits);
    if (atOpen) {
      tryExit(exits, market, bar, ctx);
    }
  }

  private PendingOrder leg(
      Account account, Market market, long time, Side side, String role, double level) {
    boolean stop = !role.equals("take-profit");
    OrderRequest request =
        new OrderRequest(
            side,
            stop ? OrderType.STOP : OrderType.LIMIT,
            Double.NaN,
            stop ? Double.NaN : level,
            stop ? level : Double.NaN,
            0,
            0);
    return new PendingOrder(nextOrderId++, account, market, time, request, role);
  }

  private Account accountOf(Position position) {
    for (Account a : accounts) {
      if (a.positions.get(position.market.symbol) == position) {
        return a;
      }
    }
    throw new IllegalStateException("no account holds this position of " + position.market.symbol);
  }

  /** Ends a position's exits: every leg but {@code filled} is cancelled with {@code reason}. */
  private void closeExits(Exits exits, PendingOrder filled, String reason, TaskContext ctx) {
    exits.position.market.exits.remove(exits);
    exits.position.exits = null;
    for (PendingOrder leg : exits.legs()) {
      if (leg != filled) {
        settle(leg, Order.Status.CANCELLED, reason, ctx);
      }
    }
  }

  /**
   * A target-weight order's quantity at fill price {@code price}, in its side, or 0 when nothing is
   * left to do: the part that reduces the position exactly, the part beyond it sized so that its
   * value plus commission is the value missing (on a reversal, of the equity left once the cover's
   * commission is paid).
   */
  private double targetQuantity(PendingOrder order, Position position, double price) {
    double equity = order.account.ledger.equity();
    double target = order.request.targetWeight() * equity / price;
    double held = position.quantity;
    boolean buy = order.side == Side.BUY;
    if (buy ? target <= held : target >= held) {
      return 0;
    }
    if (held != 0 && (target == 0 || Math.signum(target) == Math.signum(held))) {
      if (Math.abs(target) < Math.abs(held)) {
        return Math.abs(held - target);
      }
      return costs.quantityFor((Math.abs(target) - Math.abs(held)) * price, price);
    }
    // A reversal: covering costs its commission first, which the new side's value leaves room for.
    double cover = Math.abs(held);
    double room = equity - (cover > 0 ? costs.commission(cover, price) : 0);
    return cover + costs.quantityFor(Math.abs(order.request.targetWeight()) * room, price);
  }

  /** Why a sell cannot be filled, or null. */
  private String sellRefusal(Account account, Market market, OrderRequest r, double held) {
    if (held <= 0 && (r.defaultQuantity() || settings.longOnly())) {
      return "strategy '"
          + account.strategy
          + "' holds no "
          + market.symbol
          + " to sell (each strategy sells only what it bought"
          + (settings.longOnly()
              ? "; long-only"
              : "; name a quantity or a target weight to sell short")
          + ")";
    }
    if (settings.longOnly() && !r.defaultQuantity() && r.quantity() > held) {
      return "sells "
          + r.quantity()
          + " but strategy '"
          + account.strategy
          + "' holds "
          + held
          + " of "
          + market.symbol
          + "; short selling is off (long-only)";
    }
    return null;
  }

  /**
   * The quantity of a buy without one at this fill price, by the sizing rule ({@link Sizing}); 0 or
   * NaN when it cannot be sized.
   */
  private double size(Ledger ledger, Market market, OrderRequest r, double price) {
    Sizing sizing = settings.sizing();
    if (sizing instanceof Sizing.Fixed f) {
      return f.quantity();
    }
    double equity = ledger.equity();
    double power = buyingPower(ledger, equity);
    if (!(power > equity * DUST)) {
      return 0; // what rounding left over buys nothing worth a fill
    }
    if (sizing instanceof Sizing.FractionOfEquity f) {
      return costs.quantityFor(Math.min(f.fraction() * equity, power), price);
    }
    if (sizing instanceof Sizing.TargetWeight t) {
      double held = 0;
      for (Account a : ledger.accounts) {
        Position p = a.positions.get(market.symbol);
        held += p == null ? 0 : p.quantity;
      }
      double missing = t.weight() * equity - Math.max(held, 0) * price;
      return missing > 0 ? costs.quantityFor(Math.min(missing, power), price) : 0;
    }
    double risk = ((Sizing.Risk) sizing).fraction();
    Distance stop = stopLossOf(r);
    double distance = stop == null ? Double.NaN : stop.from(price, market.atr.value());
    if (!(distance > 0)) {
      return Double.NaN;
    }
    return Math.min(risk * equity / distance, costs.quantityFor(power, price));
  }

  /** Why {@link #size} gave nothing. */
  private String sizingRefusal(Ledger ledger, Market market, OrderRequest r, double price) {
    Sizing sizing = settings.sizing();
    if (sizing instanceof Sizing.Risk) {
      Distance stop = stopLossOf(r);
      if (stop == null) {
        return "risk-based sizing needs a stop-loss: attach one to the order (stopLoss) or to"
            + " every entry (--stop-loss)";
      }
      if (Double.isNaN(stop.from(price, market.atr.value()))) {
        return atrMissing(market, new Bracket(stop, null, null));
      }
    }
    if (sizing instanceof Sizing.TargetWeight t) {
      return "already at the target weight " + t.weight() + " of " + market.symbol;
    }
    return "no buying power left (cash " + ledger.cash + ", equity " + ledger.equity() + ")";
  }

  private Distance stopLossOf(OrderRequest r) {
    Distance own = r.bracket().stopLoss();
    return own != null ? own : settings.exits().stopLoss();
  }

  /** Equity × leverage − the gross exposure the ledger holds. */
  private double buyingPower(Ledger ledger, double equity) {
    double gross = 0;
    for (Account a : ledger.accounts) {
      for (Position p : a.list) {
        gross += Math.abs(p.quantity * p.market.price);
      }
    }
    return equity * settings.leverage() - gross;
  }

  /**
   * Closes {@code quantity} of the position's lots, first in first out (all of them if {@code
   * all}), as trades exited for {@code reason}; the fill of {@code filled} at {@code price} paid
   * {@code fee}.
   */
  private void closeLots(
      Account account,
      Position position,
      double quantity,
      double filled,
      double price,
      double fee,
      long time,
      boolean all,
      String reason) {
    double remaining = quantity;
    while (!position.lots.isEmpty() && (all || remaining > 0)) {
      Lot lot = position.lots.peekFirst();
      double part = all ? lot.quantity : Math.min(remaining, lot.quantity);
      double entryFee = part == lot.quantity ? lot.fee : lot.fee * part / lot.quantity;
      double exitFee = fee * part / filled;
      double gain = lot.isShort ? (lot.price - price) * part : (price - lot.price) * part;
      trades.add(
          new ResultTables.TradeRow(
              account.strategy,
              position.market.symbol,
              lot.isShort,
              lot.time,
              time,
              part,
              lot.price,
              price,
              entryFee + exitFee,
              gain - entryFee - exitFee,
              reason));
      if (part == lot.quantity) {
        position.lots.pollFirst();
      } else {
        lot.quantity -= part;
        lot.fee -= entryFee;
      }
      remaining -= part;
    }
    double left = 0;
    for (Lot lot : position.lots) {
      left += lot.isShort ? -lot.quantity : lot.quantity;
    }
    position.quantity = left;
  }

  private void fill(
      PendingOrder order,
      Market market,
      long time,
      double quantity,
      double price,
      double fee,
      double slipped,
      TaskContext context) {
    Order settled = order.settle(market.symbol, Order.Status.FILLED, "");
    orders.add(settled, order.role, time, price, quantity, fee, slipped);
    context.publish(new Fill(order.id, time, market.symbol, order.side, quantity, price, fee));
    context.publish(settled);
  }

  private void reject(PendingOrder order, Market market, String reason, TaskContext context) {
    settle(order, Order.Status.REJECTED, reason, context);
  }

  /** Settles an order without a fill: rejected, cancelled or expired. */
  private void settle(PendingOrder order, Order.Status status, String reason, TaskContext context) {
    order.account.pending.remove(order.request.ref());
    Order settled = order.settle(order.market.symbol, status, reason);
    orders.addUnfilled(settled, order.role);
    context.publish(settled);
  }

  /** A row per ledger for the time that just ended, in the ledgers' order. */
  private void addRows() {
    if (rowEnd - base < tradeFrom) {
      return; // a walk-forward's warm-up: its times are not part of the run's curve
    }
    int perTime = ledgers.length;
    if (equityPeriod > 0
        && rows >= 2 * perTime // the first time's rows stay: the curve starts where the run does
        && Math.floorDiv(rowTimes[rows - perTime], equityPeriod)
            == Math.floorDiv(rowEnd - base, equityPeriod)) {
      rows -= perTime; // a later time of the same period: its rows replace the period's last ones
    }
    if (rowTimes.length - rows < ledgers.length) {
      int n = Math.max(rowTimes.length * 2, rows + ledgers.length);
      rowTimes = Arrays.copyOf(rowTimes, n);
      rowEquity = Arrays.copyOf(rowEquity, n);
      rowCash = Arrays.copyOf(rowCash, n);
      rowPosition = Arrays.copyOf(rowPosition, n);
      rowHold = Arrays.copyOf(rowHold, n);
    }
    double hold = 0;
    for (int i = 0; i < marketCount; i++) {
      Market m = marketList[i];
      if (!Double.isNaN(m.firstClose)) {
        hold += m.lastClose / m.firstClose - 1;
      }
    }
    for (Ledger ledger : ledgers) {
      if (borrowRate > 0) {
        chargeBorrow(ledger);
      }
      double value = ledger.positionValue();
      rowTimes[rows] = rowEnd - base;
      rowEquity[rows] = ledger.cash + value;
      rowCash[rows] = ledger.cash;
      rowPosition[rows] = value;
      rowHold[rows] = hold;
      rows++;
    }
  }

  /**
   * Charges each short lot of the ledger's accounts its borrow fee for the base bar just ended, at
   * its symbol's last price; the fee is paid from cash and added to the lot's fees.
   */
  private void chargeBorrow(Ledger ledger) {
    double rate = borrowRate * base / YEAR_MILLIS;
    for (Account a : ledger.accounts) {
      for (Position p : a.list) {
        if (p.quantity < 0) {
          for (Lot lot : p.lots) {
            double charge = lot.quantity * p.market.price * rate;
            lot.fee += charge;
            ledger.cash -= charge;
            totalBorrow += charge;
          }
        }
      }
    }
  }

  /** Ends the run: the last equity rows, and orders still waiting are listed as unfilled. */
  @Override
  public void shutdown(TaskContext context) {
    finish();
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (rowEnd != Long.MIN_VALUE) {
      addRows();
    }
    for (Market market : markets.values()) {
      for (PendingOrder order : market.resting) {
        String reason =
            switch (order.request.type()) {
              case MARKET -> "the data ended before the next bar of " + market.symbol;
              case LIMIT -> "the limit was not reached before the data ended";
              case STOP -> "the stop was not reached before the data ended";
              case STOP_LIMIT -> order.triggered
                  ? "the limit was not reached before the data ended (the stop was)"
                  : "the stop was not reached before the data ended";
            };
        orders.addUnfilled(order.settle(market.symbol, Order.Status.UNFILLED, reason), order.role);
      }
      market.resting.clear();
      for (Exits exits : market.exits) {
        for (PendingOrder leg : exits.legs()) {
          orders.addUnfilled(
              leg.settle(
                  market.symbol,
                  Order.Status.UNFILLED,
                  "the " + leg.role + " was not reached before the data ended"),
              leg.role);
        }
      }
    }
  }

  /**
   * How many bars it processed.
   *
   * @return the count
   */
  public long bars() {
    return bars;
  }

  /**
   * The results, once the engine has stopped.
   *
   * @param description what was run, for the report (strategy, parameters, data …)
   * @return the tables and metrics
   */
  public BacktestResult result(Map<String, String> description) {
    finish();
    Map<String, String> all = new LinkedHashMap<>(description);
    all.putIfAbsent("strategy", String.join(", ", strategies));
    all.putIfAbsent("fill", settings.fill().label());
    all.putIfAbsent("fee_bps", Double.toString(settings.feeBps()));
    all.putIfAbsent("slippage_bps", Double.toString(settings.slippageBps()));
    Costs c = settings.costs();
    if (c.perUnit() > 0) {
      all.putIfAbsent("fee_per_unit", Double.toString(c.perUnit()));
      all.putIfAbsent("fee_minimum", Double.toString(c.minimum()));
    }
    if (c.perOrder() > 0) {
      all.putIfAbsent("fee_per_order", Double.toString(c.perOrder()));
    }
    if (c.halfSpreadBps() > 0) {
      all.putIfAbsent("half_spread_bps", Double.toString(c.halfSpreadBps()));
    }
    all.putIfAbsent("initial_cash", Double.toString(settings.initialCash()));
    all.putIfAbsent("sizing", settings.sizing().label());
    if (settings.longOnly()) {
      all.putIfAbsent("long_only", "true");
    }
    if (settings.leverage() != 1) {
      all.putIfAbsent("leverage", Double.toString(settings.leverage()));
    }
    if (settings.borrowBps() != 0) {
      all.putIfAbsent("borrow_bps", Double.toString(settings.borrowBps()));
    }
    if (settings.wholeUnits()) {
      all.putIfAbsent("whole_units", "true");
    }
    if (!settings.exits().isEmpty()) {
      all.putIfAbsent("exits", settings.exits().label());
    }
    return new BacktestResult(
            all,
            () -> ResultTables.trades(trades, accounts),
            () -> ResultTables.orders(orders),
            this::equityTable,
            this::metrics)
        .withInputs(this::inputs);
  }

  private Metrics metrics() {
    return Metrics.compute(inputs());
  }

  /** What the metrics are computed from. */
  Metrics.Inputs inputs() {
    double[] pnl = new double[trades.size()];
    long[] entry = new long[pnl.length];
    long[] exit = new long[pnl.length];
    for (int i = 0; i < pnl.length; i++) {
      ResultTables.TradeRow trade = trades.get(i);
      pnl[i] = trade.pnl();
      entry[i] = trade.entryTime();
      exit[i] = trade.exitTime();
    }
    int open = 0;
    for (Account account : accounts) {
      for (Position p : account.positions.values()) {
        open += p.lots.size();
      }
    }
    int n = ledgers.length;
    int times = rows / n;
    double[] hold = new double[times];
    int symbols = Math.max(marketCount, 1);
    for (int t = 0; t < times; t++) {
      hold[t] = 1 + rowHold[t * n] / symbols;
    }
    long[] time = rowTimes;
    double[] equity = rowEquity;
    double[] position = rowPosition;
    if (n > 1) {
      // One row per ledger and time: the curve sums them. With one ledger the rows are the curve
      // (the run is over, so they no longer change, and the curve reads only its first n values):
      // shared, not copied, which spares three arrays of a row each on a long run. The sum from
      // 0.0 would give the same values, as no row is -0.0 (a position's value is a sum from 0.0).
      time = new long[times];
      equity = new double[times];
      position = new double[times];
      for (int t = 0; t < times; t++) {
        time[t] = rowTimes[t * n];
        for (int l = 0; l < n; l++) {
          equity[t] += rowEquity[t * n + l];
          position[t] += rowPosition[t * n + l];
        }
      }
    }
    return new Metrics.Inputs(
        settings.initialCash() * n,
        new Metrics.Curve(time, equity, position, hold, times),
        new Metrics.ClosedTrades(pnl, entry, exit),
        open,
        totalTraded,
        bars,
        new Metrics.CostTotals(totalFees, totalSlippage, totalBorrow),
        pessimisticExits);
  }

  private Table equityTable() {
    InstantColumn time = InstantColumn.create("timestamp");
    StringColumn strategy = StringColumn.create("strategy");
    for (int i = 0; i < rows; i++) {
      time.append(Instant.ofEpochMilli(rowTimes[i]));
      strategy.append(ledgers[i % ledgers.length].name);
    }
    return Table.create(
        "equity",
        time,
        DoubleColumn.create("equity", Arrays.copyOf(rowEquity, rows)),
        DoubleColumn.create("cash", Arrays.copyOf(rowCash, rows)),
        DoubleColumn.create("position", Arrays.copyOf(rowPosition, rows)),
        strategy);
  }
}
