package dev.quarry.backtest;

import dev.quarry.engine.Bar;
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
 * ({@link Margin}, {@link ExecutionSettings}), and records orders, trades and the equity curve.
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
  private final double feeRate;
  private final double slippage;

  /** The borrow fee on short value, a fraction a year. */
  private final double borrowRate;

  private static final double YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

  /** One account per strategy, in the strategies' order. */
  private final Account[] accounts;

  /** What the equity curve has a row for at each time: each account, or the one shared wallet. */
  private final Ledger[] ledgers;

  private final Map<String, Market> markets = new LinkedHashMap<>();
  private Market lastMarket;

  private long nextSeq;
  private final Map<Long, Signal[]> waiting = new HashMap<>();
  private final Signal[] one = new Signal[1];

  /** The base timeframe: an equity row's timestamp is its end minus it (0: the first bar's). */
  private long base;

  private long rowEnd = Long.MIN_VALUE;
  private int rows;
  private long[] rowTimes = new long[1024];
  private double[] rowEquity = new double[1024];
  private double[] rowCash = new double[1024];
  private double[] rowPosition = new double[1024];
  private long bars;

  private long nextOrderId = 1;
  private final List<ResultTables.OrderRow> orders = new ArrayList<>();
  private final List<ResultTables.TradeRow> trades = new ArrayList<>();
  private boolean finished;

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
    this.feeRate = settings.feeBps() / 10_000;
    this.slippage = settings.slippageBps() / 10_000;
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

  /** Sizes the equity curve for this many times up front (a hint; it grows past it if needed). */
  void expectRows(int count) {
    long cells = (long) count * ledgers.length;
    if (rows == 0 && cells > rowTimes.length && cells < Integer.MAX_VALUE) {
      rowTimes = new long[(int) cells];
      rowEquity = new double[(int) cells];
      rowCash = new double[(int) cells];
      rowPosition = new double[(int) cells];
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
    bars++;
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
    if (!market.resting.isEmpty()) {
      tryResting(market, bar, context);
    }
    market.price = bar.close();
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
    m = markets.computeIfAbsent(symbol, Market::new);
    lastMarket = m;
    return m;
  }

  private void place(
      Account account, Bar bar, Market market, OrderRequest request, TaskContext context) {
    PendingOrder order = new PendingOrder(nextOrderId++, account, market, bar.time(), request);
    if (settings.fill() == FillTiming.CLOSE && request.type() == OrderType.MARKET) {
      execute(order, market, withSlippage(request.side(), bar.close()), bar.time(), context);
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
        execute(order, market, withSlippage(order.request.side(), price), bar.time(), context);
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

  private double withSlippage(Side side, double price) {
    return side == Side.BUY ? price * (1 + slippage) : price * (1 - slippage);
  }

  private void execute(
      PendingOrder order, Market market, double price, long time, TaskContext ctx) {
    OrderRequest r = order.request;
    Account account = order.account;
    Ledger ledger = account.ledger;
    Position position = account.position(market);
    boolean buy = r.side() == Side.BUY;
    double held = position.quantity;
    double quantity;
    if (buy) {
      quantity = r.defaultQuantity() ? size(ledger, price) : r.quantity();
      if (!(quantity > 0)) {
        reject(order, market, "no cash left to buy with (cash " + ledger.cash + ")", ctx);
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
    double value = quantity * price;
    double fee = value * feeRate;
    double cashAfter = buy ? ledger.cash - (value + fee) : ledger.cash + (value - fee);
    double after = held + (buy ? quantity : -quantity);
    double net = 0;
    double shorts = 0;
    for (Account a : ledger.accounts) {
      for (Position p : a.list) {
        double v = (p == position ? after : p.quantity) * p.market.price;
        net += v;
        shorts -= v < 0 ? v : 0;
      }
    }
    // Closing or reducing a position is never refused: a short losing past the margin limit must
    // still be coverable (as a broker's buy-in would), and a long sold.
    boolean reduces = Math.abs(after) <= Math.abs(held) && after * held >= 0;
    String breach =
        reduces
            ? null
            : Margin.breach(
                shorts,
                net,
                cashAfter,
                settings.leverage(),
                buy ? value + fee : Double.NaN,
                ledger.cash);
    if (breach != null) {
      reject(order, market, breach, ctx);
      return;
    }
    ledger.cash = cashAfter;
    double rest = quantity;
    if (buy ? held < 0 : held > 0) {
      double covered = Math.abs(held);
      boolean all = r.defaultQuantity() || quantity > covered;
      closeLots(account, position, all ? covered : quantity, quantity, price, fee, time, all);
      rest = quantity > covered ? quantity - covered : 0;
    }
    if (rest > 0) {
      double lotFee = rest == quantity ? fee : fee * rest / quantity;
      position.lots.add(new Lot(time, rest, price, lotFee, !buy));
      position.quantity += buy ? rest : -rest;
    }
    fill(order, market, time, quantity, price, fee, ctx);
  }

  /** Why a sell cannot be filled, or null. */
  private String sellRefusal(Account account, Market market, OrderRequest r, double held) {
    if (held <= 0 && (r.defaultQuantity() || settings.longOnly())) {
      return "strategy '"
          + account.strategy
          + "' holds no "
          + market.symbol
          + " to sell (each strategy sells only what it bought"
          + (settings.longOnly() ? "; long-only" : "; name a quantity to sell short")
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

  /** The quantity of a buy without one, at this fill price, from this ledger's cash. */
  private double size(Ledger ledger, double price) {
    if (settings.sizing() instanceof Sizing.Fixed f) {
      return f.quantity();
    }
    double fraction = ((Sizing.FractionOfEquity) settings.sizing()).fraction();
    double budget = Math.min(fraction * ledger.equity(), ledger.cash);
    if (!(budget > 0)) {
      return 0;
    }
    double quantity = budget / (price * (1 + feeRate));
    while (quantity > 0 && quantity * price + quantity * price * feeRate > ledger.cash) {
      quantity = Math.nextDown(quantity); // rounding must never overdraw the account
    }
    return quantity;
  }

  /**
   * Closes {@code quantity} of the position's lots, first in first out (all of them if {@code
   * all}), as trades; the fill of {@code filled} at {@code price} paid {@code fee}.
   */
  private void closeLots(
      Account account,
      Position position,
      double quantity,
      double filled,
      double price,
      double fee,
      long time,
      boolean all) {
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
              gain - entryFee - exitFee));
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
      TaskContext context) {
    OrderRequest r = order.request;
    Order settled = order.settle(market.symbol, Order.Status.FILLED, "");
    orders.add(new ResultTables.OrderRow(settled, time, price, quantity, fee));
    context.publish(new Fill(order.id, time, market.symbol, r.side(), quantity, price, fee));
    context.publish(settled);
  }

  private void reject(PendingOrder order, Market market, String reason, TaskContext context) {
    settle(order, Order.Status.REJECTED, reason, context);
  }

  /** Settles an order without a fill: rejected, cancelled or expired. */
  private void settle(PendingOrder order, Order.Status status, String reason, TaskContext context) {
    order.account.pending.remove(order.request.ref());
    Order settled = order.settle(order.market.symbol, status, reason);
    orders.add(
        new ResultTables.OrderRow(settled, Long.MIN_VALUE, Double.NaN, Double.NaN, Double.NaN));
    context.publish(settled);
  }

  /** A row per ledger for the time that just ended, in the ledgers' order. */
  private void addRows() {
    if (rowTimes.length - rows < ledgers.length) {
      int n = Math.max(rowTimes.length * 2, rows + ledgers.length);
      rowTimes = Arrays.copyOf(rowTimes, n);
      rowEquity = Arrays.copyOf(rowEquity, n);
      rowCash = Arrays.copyOf(rowCash, n);
      rowPosition = Arrays.copyOf(rowPosition, n);
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
        orders.add(
            new ResultTables.OrderRow(
                order.settle(market.symbol, Order.Status.UNFILLED, reason),
                Long.MIN_VALUE,
                Double.NaN,
                Double.NaN,
                Double.NaN));
      }
      market.resting.clear();
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
    return new BacktestResult(
        all,
        () -> ResultTables.trades(trades, accounts),
        () -> ResultTables.orders(orders),
        this::equityTable,
        this::metrics);
  }

  private Metrics metrics() {
    double[] closed = new double[trades.size()];
    for (int i = 0; i < closed.length; i++) {
      closed[i] = trades.get(i).pnl();
    }
    int open = 0;
    for (Account account : accounts) {
      for (Position p : account.positions.values()) {
        open += p.lots.size();
      }
    }
    int n = ledgers.length;
    int times = rows / n;
    long[] time = new long[times];
    double[] equity = new double[times];
    double[] position = new double[times];
    for (int t = 0; t < times; t++) {
      time[t] = rowTimes[t * n];
      for (int l = 0; l < n; l++) {
        equity[t] += rowEquity[t * n + l];
        position[t] += rowPosition[t * n + l];
      }
    }
    return Metrics.compute(
        settings.initialCash() * n,
        time,
        equity,
        position,
        times,
        closed,
        closed.length + open,
        open,
        bars);
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
