package dev.quarry.backtest;

import dev.quarry.engine.Bar;
import dev.quarry.engine.Executor;
import dev.quarry.engine.Fill;
import dev.quarry.engine.Order;
import dev.quarry.engine.OrderRequest;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import dev.quarry.engine.Signal;
import dev.quarry.engine.TaskContext;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Fills the strategies' orders against the bars, keeps cash and long positions per symbol, and
 * records orders, trades and the equity curve.
 *
 * <p>It waits until every strategy named at construction has sent its {@link Signal} for a bar,
 * then processes the bars strictly in their order ({@link Bar#seq()}), whatever thread sent what:
 * live and simulated runs give the same results. For each bar, in this order:
 *
 * <ol>
 *   <li>if the bar starts a new time, the equity curve gets a row for the previous time: cash +
 *       every position × its symbol's last close;
 *   <li>orders waiting on the bar's symbol are tried, oldest first: a market order (placed with
 *       fill timing {@code next-open}) fills at the bar's open with slippage; a buy limit fills
 *       when the bar's low ≤ limit, at min(open, limit); a sell limit when high ≥ limit, at
 *       max(open, limit);
 *   <li>the new orders are placed, strategies in the order given, each strategy's orders in the
 *       order it placed them, numbered from 1: with fill timing {@code close} a market order fills
 *       at the bar's close with slippage, a limit order fills at the close if the close is at or
 *       better than its limit, and otherwise waits; with {@code next-open} every order waits for
 *       the symbol's next bar.
 * </ol>
 *
 * <p>Orders wait until they fill or the data ends (then they are listed as unfilled). Fees,
 * slippage and sizing are those of {@link ExecutionSettings}. Trades are round trips, lots closed
 * first in, first out: a sell closing part of a lot makes a trade of that part. Fees are shared pro
 * rata: a trade carries its part of the entry fee and of the exit fee, and pnl = (exit − entry) ×
 * quantity − fees. A position still open at the end is a trade with empty exit fields, pnl marked
 * at its last close (net of its entry fee).
 */
public final class SimulatedExecutor implements Executor<Signal> {
  private static final String NAME = "simulated-executor";

  private final ExecutionSettings settings;
  private final List<String> strategies;
  private final Map<String, Integer> strategyIndex = new HashMap<>();
  private final double feeRate;
  private final double slippage;
  private double cash;

  private final Map<String, Book> books = new LinkedHashMap<>();
  private Book[] bookList = new Book[0];
  private Book lastBook;

  private long nextSeq;
  private final Map<Long, Signal[]> waiting = new HashMap<>();
  private final Signal[] one = new Signal[1];

  private long rowTime = Long.MIN_VALUE;
  private int rows;
  private long[] rowTimes = new long[1024];
  private double[] rowEquity = new double[1024];
  private double[] rowCash = new double[1024];
  private double[] rowPosition = new double[1024];
  private long bars;

  private long nextOrderId = 1;
  private final List<OrderRow> orders = new ArrayList<>();
  private final List<TradeRow> trades = new ArrayList<>();
  private boolean finished;

  /**
   * An executor for these strategies.
   *
   * @param settings fills, fees, cash and sizing
   * @param strategies the names of every strategy whose signals it waits for, in the order their
   *     orders are placed on a bar
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
    this.cash = settings.initialCash();
  }

  /** Sizes the equity curve for this many rows up front (a hint; it grows past it if needed). */
  void expectRows(int count) {
    if (rows == 0 && count > rowTimes.length) {
      rowTimes = new long[count];
      rowEquity = new double[count];
      rowCash = new double[count];
      rowPosition = new double[count];
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
    if (bar.time() != rowTime) {
      if (rowTime != Long.MIN_VALUE) {
        if (bar.time() < rowTime) {
          throw new IllegalStateException(
              "bar #" + bar.seq() + " of " + bar.symbol() + " goes back in time");
        }
        addRow();
      }
      rowTime = bar.time();
    }
    Book book = book(bar.symbol());
    book.price = bar.open();
    if (!book.resting.isEmpty()) {
      tryResting(book, bar, context);
    }
    book.price = bar.close();
    for (Signal signal : signals) {
      List<OrderRequest> requests = signal.orders();
      for (int i = 0; i < requests.size(); i++) {
        place(signal.strategy(), bar, book, requests.get(i), context);
      }
    }
  }

  private Book book(String symbol) {
    Book b = lastBook;
    if (b != null && b.symbol.equals(symbol)) {
      return b;
    }
    b = books.get(symbol);
    if (b == null) {
      b = new Book(symbol);
      books.put(symbol, b);
      bookList = books.values().toArray(Book[]::new);
    }
    lastBook = b;
    return b;
  }

  private void place(
      String strategy, Bar bar, Book book, OrderRequest request, TaskContext context) {
    Pending order = new Pending(nextOrderId++, strategy, bar.time(), request);
    if (settings.fill() == FillTiming.NEXT_OPEN) {
      book.resting.add(order);
    } else if (request.type() == OrderType.MARKET) {
      execute(order, book, withSlippage(request.side(), bar.close()), bar.time(), context);
    } else if (reaches(request, bar.close())) {
      execute(order, book, bar.close(), bar.time(), context);
    } else {
      book.resting.add(order);
    }
  }

  private static boolean reaches(OrderRequest request, double price) {
    return request.side() == Side.BUY
        ? price <= request.limitPrice()
        : price >= request.limitPrice();
  }

  private void tryResting(Book book, Bar bar, TaskContext context) {
    for (Iterator<Pending> it = book.resting.iterator(); it.hasNext(); ) {
      Pending order = it.next();
      OrderRequest r = order.request;
      double price;
      if (r.type() == OrderType.MARKET) {
        price = withSlippage(r.side(), bar.open());
      } else if (r.side() == Side.BUY && bar.low() <= r.limitPrice()) {
        price = Math.min(bar.open(), r.limitPrice());
      } else if (r.side() == Side.SELL && bar.high() >= r.limitPrice()) {
        price = Math.max(bar.open(), r.limitPrice());
      } else {
        continue;
      }
      it.remove();
      execute(order, book, price, bar.time(), context);
    }
  }

  private double withSlippage(Side side, double price) {
    return side == Side.BUY ? price * (1 + slippage) : price * (1 - slippage);
  }

  private void execute(Pending order, Book book, double price, long time, TaskContext context) {
    OrderRequest r = order.request;
    if (r.side() == Side.BUY) {
      double quantity = r.defaultQuantity() ? size(price) : r.quantity();
      if (!(quantity > 0)) {
        reject(order, book, "no cash left to buy with (cash " + cash + ")", context);
        return;
      }
      double cost = quantity * price;
      double fee = cost * feeRate;
      if (cost + fee > cash) {
        reject(
            order,
            book,
            "costs " + (cost + fee) + " with the fee, more than the cash (" + cash + ")",
            context);
        return;
      }
      cash -= cost + fee;
      book.lots.add(new Lot(time, quantity, price, fee));
      book.quantity += quantity;
      fill(order, book, time, quantity, price, fee, context);
    } else {
      double held = book.quantity;
      if (book.lots.isEmpty()) {
        reject(order, book, "no position in " + book.symbol + " to sell", context);
        return;
      }
      double quantity = r.defaultQuantity() ? held : r.quantity();
      if (quantity > held) {
        reject(
            order,
            book,
            "sells "
                + quantity
                + " but the account holds "
                + held
                + " of "
                + book.symbol
                + "; short selling is not supported",
            context);
        return;
      }
      double proceeds = quantity * price;
      double fee = proceeds * feeRate;
      cash += proceeds - fee;
      closeLots(book, quantity, price, fee, time, r.defaultQuantity());
      fill(order, book, time, quantity, price, fee, context);
    }
  }

  /** The quantity of a buy without one, at this fill price. */
  private double size(double price) {
    if (settings.sizing() instanceof Sizing.Fixed f) {
      return f.quantity();
    }
    double fraction = ((Sizing.FractionOfEquity) settings.sizing()).fraction();
    double budget = Math.min(fraction * equity(), cash);
    if (!(budget > 0)) {
      return 0;
    }
    double quantity = budget / (price * (1 + feeRate));
    while (quantity > 0 && quantity * price + quantity * price * feeRate > cash) {
      quantity = Math.nextDown(quantity); // rounding must never overdraw the account
    }
    return quantity;
  }

  private void closeLots(
      Book book, double quantity, double price, double fee, long time, boolean all) {
    double remaining = quantity;
    while (!book.lots.isEmpty() && (all || remaining > 0)) {
      Lot lot = book.lots.peekFirst();
      double part = all ? lot.quantity : Math.min(remaining, lot.quantity);
      double entryFee = part == lot.quantity ? lot.fee : lot.fee * part / lot.quantity;
      double exitFee = fee * part / quantity;
      trades.add(
          new TradeRow(
              book.symbol,
              lot.time,
              time,
              part,
              lot.price,
              price,
              entryFee + exitFee,
              (price - lot.price) * part - entryFee - exitFee));
      if (part == lot.quantity) {
        book.lots.pollFirst();
      } else {
        lot.quantity -= part;
        lot.fee -= entryFee;
      }
      remaining -= part;
    }
    double left = 0;
    for (Lot lot : book.lots) {
      left += lot.quantity;
    }
    book.quantity = left;
  }

  private void fill(
      Pending order,
      Book book,
      long time,
      double quantity,
      double price,
      double fee,
      TaskContext context) {
    OrderRequest r = order.request;
    Order settled = order.settle(book.symbol, Order.Status.FILLED, "");
    orders.add(new OrderRow(settled, time, price, quantity, fee));
    context.publish(new Fill(order.id, time, book.symbol, r.side(), quantity, price, fee));
    context.publish(settled);
  }

  private void reject(Pending order, Book book, String reason, TaskContext context) {
    Order settled = order.settle(book.symbol, Order.Status.REJECTED, reason);
    orders.add(new OrderRow(settled, Long.MIN_VALUE, Double.NaN, Double.NaN, Double.NaN));
    context.publish(settled);
  }

  private double positionValue() {
    double value = 0;
    for (Book b : bookList) {
      value += b.quantity * b.price;
    }
    return value;
  }

  private double equity() {
    return cash + positionValue();
  }

  private void addRow() {
    if (rows == rowTimes.length) {
      int n = rows * 2;
      rowTimes = Arrays.copyOf(rowTimes, n);
      rowEquity = Arrays.copyOf(rowEquity, n);
      rowCash = Arrays.copyOf(rowCash, n);
      rowPosition = Arrays.copyOf(rowPosition, n);
    }
    double value = positionValue();
    rowTimes[rows] = rowTime;
    rowEquity[rows] = cash + value;
    rowCash[rows] = cash;
    rowPosition[rows] = value;
    rows++;
  }

  /** Ends the run: the last equity row, and orders still waiting are listed as unfilled. */
  @Override
  public void shutdown(TaskContext context) {
    finish();
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (rowTime != Long.MIN_VALUE) {
      addRow();
    }
    for (Book book : books.values()) {
      for (Pending order : book.resting) {
        String reason =
            order.request.type() == OrderType.LIMIT
                ? "the limit was not reached before the data ended"
                : "the data ended before the next bar of " + book.symbol;
        orders.add(
            new OrderRow(
                order.settle(book.symbol, Order.Status.UNFILLED, reason),
                Long.MIN_VALUE,
                Double.NaN,
                Double.NaN,
                Double.NaN));
      }
      book.resting.clear();
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
    return new BacktestResult(
        all, this::tradeTable, this::orderTable, this::equityTable, this::metrics);
  }

  private Metrics metrics() {
    double[] closed = new double[trades.size()];
    for (int i = 0; i < closed.length; i++) {
      closed[i] = trades.get(i).pnl();
    }
    int open = 0;
    for (Book book : books.values()) {
      open += book.lots.size();
    }
    return Metrics.compute(
        settings.initialCash(),
        rowTimes,
        rowEquity,
        rowPosition,
        rows,
        closed,
        closed.length + open,
        open,
        bars);
  }

  private Table tradeTable() {
    InstantColumn entryTime = InstantColumn.create("entry_time");
    InstantColumn exitTime = InstantColumn.create("exit_time");
    StringColumn side = StringColumn.create("side");
    DoubleColumn quantity = DoubleColumn.create("quantity");
    DoubleColumn entryPrice = DoubleColumn.create("entry_price");
    DoubleColumn exitPrice = DoubleColumn.create("exit_price");
    DoubleColumn fees = DoubleColumn.create("fees");
    DoubleColumn pnl = DoubleColumn.create("pnl");
    StringColumn symbol = StringColumn.create("symbol");
    for (TradeRow t : trades) {
      entryTime.append(Instant.ofEpochMilli(t.entryTime));
      exitTime.append(Instant.ofEpochMilli(t.exitTime));
      side.append("long");
      quantity.append(t.quantity);
      entryPrice.append(t.entryPrice);
      exitPrice.append(t.exitPrice);
      fees.append(t.fees);
      pnl.append(t.pnl);
      symbol.append(t.symbol);
    }
    for (Book book : books.values()) {
      for (Lot lot : book.lots) {
        entryTime.append(Instant.ofEpochMilli(lot.time));
        exitTime.appendMissing();
        side.append("long");
        quantity.append(lot.quantity);
        entryPrice.append(lot.price);
        exitPrice.appendMissing();
        fees.append(lot.fee);
        pnl.append((book.price - lot.price) * lot.quantity - lot.fee);
        symbol.append(book.symbol);
      }
    }
    return Table.create(
        "trades", entryTime, exitTime, side, quantity, entryPrice, exitPrice, fees, pnl, symbol);
  }

  private Table orderTable() {
    List<OrderRow> sorted = new ArrayList<>(orders);
    sorted.sort(Comparator.comparingLong(o -> o.order.id()));
    LongColumn id = LongColumn.create("id");
    InstantColumn time = InstantColumn.create("time");
    StringColumn strategy = StringColumn.create("strategy");
    StringColumn symbol = StringColumn.create("symbol");
    StringColumn side = StringColumn.create("side");
    StringColumn type = StringColumn.create("type");
    DoubleColumn quantity = DoubleColumn.create("quantity");
    DoubleColumn limit = DoubleColumn.create("limit_price");
    StringColumn status = StringColumn.create("status");
    InstantColumn fillTime = InstantColumn.create("fill_time");
    DoubleColumn fillPrice = DoubleColumn.create("fill_price");
    DoubleColumn fillQuantity = DoubleColumn.create("fill_quantity");
    DoubleColumn fee = DoubleColumn.create("fee");
    StringColumn reason = StringColumn.create("reason");
    for (OrderRow row : sorted) {
      Order o = row.order;
      id.append(o.id());
      time.append(Instant.ofEpochMilli(o.time()));
      strategy.append(o.strategy());
      symbol.append(o.symbol());
      side.append(o.side().label());
      type.append(o.type().label());
      quantity.append(o.quantity());
      limit.append(o.limitPrice());
      status.append(o.status().label());
      if (row.fillTime == Long.MIN_VALUE) {
        fillTime.appendMissing();
      } else {
        fillTime.append(Instant.ofEpochMilli(row.fillTime));
      }
      fillPrice.append(row.fillPrice);
      fillQuantity.append(row.fillQuantity);
      fee.append(row.fee);
      reason.append(o.reason());
    }
    return Table.create(
        "orders",
        id,
        time,
        strategy,
        symbol,
        side,
        type,
        quantity,
        limit,
        status,
        fillTime,
        fillPrice,
        fillQuantity,
        fee,
        reason);
  }

  private Table equityTable() {
    InstantColumn time = InstantColumn.create("timestamp");
    for (int i = 0; i < rows; i++) {
      time.append(Instant.ofEpochMilli(rowTimes[i]));
    }
    return Table.create(
        "equity",
        time,
        DoubleColumn.create("equity", Arrays.copyOf(rowEquity, rows)),
        DoubleColumn.create("cash", Arrays.copyOf(rowCash, rows)),
        DoubleColumn.create("position", Arrays.copyOf(rowPosition, rows)));
  }

  /** One symbol's account: position, lots, last price and orders waiting. */
  private static final class Book {
    final String symbol;
    double quantity;
    double price;
    final ArrayDeque<Lot> lots = new ArrayDeque<>();
    final List<Pending> resting = new ArrayList<>();

    Book(String symbol) {
      this.symbol = symbol;
    }
  }

  /** Part of a position bought in one fill. */
  private static final class Lot {
    final long time;
    final double price;
    double quantity;
    double fee;

    Lot(long time, double quantity, double price, double fee) {
      this.time = time;
      this.quantity = quantity;
      this.price = price;
      this.fee = fee;
    }
  }

  /** An order placed and not settled yet. */
  private static final class Pending {
    final long id;
    final String strategy;
    final long time;
    final OrderRequest request;

    Pending(long id, String strategy, long time, OrderRequest request) {
      this.id = id;
      this.strategy = strategy;
      this.time = time;
      this.request = request;
    }

    Order settle(String symbol, Order.Status status, String reason) {
      return new Order(
          id,
          strategy,
          time,
          symbol,
          request.side(),
          request.type(),
          request.quantity(),
          request.limitPrice(),
          status,
          reason);
    }
  }

  private record OrderRow(
      Order order, long fillTime, double fillPrice, double fillQuantity, double fee) {}

  private record TradeRow(
      String symbol,
      long entryTime,
      long exitTime,
      double quantity,
      double entryPrice,
      double exitPrice,
      double fees,
      double pnl) {}
}
