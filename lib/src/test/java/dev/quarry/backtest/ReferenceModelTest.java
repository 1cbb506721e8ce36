package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quarry.engine.OrderRequest;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Random orders on random bars, run through {@link SimulatedExecutor} (via {@link Backtest}) and
 * through a deliberately naive re-implementation of SPEC §11's rules written here (one obvious loop
 * per rule, no code shared with the executor): the orders tables and equity curves must agree.
 *
 * <p>Each seed draws its settings (fill timing, fee, slippage, leverage, long-only, borrow fee), a
 * random walk of daily bars with gaps, and a script: on each bar, with some probability, market,
 * limit, stop and stop-limit orders with explicit whole quantities (so positions go long and
 * short), some expiring after n bars, and cancels and replaces of earlier order ids. The strategy
 * replays the script, which does not depend on fills, so the model can replay the same script.
 * Whole quantities keep positions exact, so long-only and "reduces" decisions never hang on
 * rounding; some prices sit exactly on the next bar's open, high or low, to exercise the ties.
 *
 * <p>The model found that the executor checked the margin of an order filled intrabar with the
 * position valued at the bar's open, where SPEC §11 ("after the fill") values it at the fill; the
 * two tests at the end pin the fix on hand-made bars.
 */
class ReferenceModelTest {
  private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long DAY = 86_400_000L;
  private static final int SEEDS = 40;
  private static final int BARS = 300;
  private static final double REL = 1e-9;

  // ---------------------------------------------------------------------------------------------
  // The random run: settings, bars and the script of what the strategy does on each bar.

  enum Kind {
    MARKET,
    LIMIT,
    STOP,
    STOP_LIMIT
  }

  /** What the strategy does on a bar, in this order. */
  sealed interface Action permits Place, Cancel, Replace {}

  /** Places an order; {@code expireAfter} 0 means good until cancelled. */
  record Place(boolean buy, Kind kind, double quantity, double limit, double stop, int expireAfter)
      implements Action {}

  record Cancel(long id) implements Action {}

  record Replace(long id, double price) implements Action {}

  record Settings(
      boolean fillAtClose,
      double feeBps,
      double slippageBps,
      double cash,
      double leverage,
      boolean longOnly,
      double borrowBps) {
    ExecutionSettings toExecution() {
      return ExecutionSettings.defaults()
          .withFill(fillAtClose ? FillTiming.CLOSE : FillTiming.NEXT_OPEN)
          .withFeeBps(feeBps)
          .withSlippageBps(slippageBps)
          .withCash(cash)
          .withLeverage(leverage)
          .withLongOnly(longOnly)
          .withBorrowBps(borrowBps);
    }
  }

  record Run(Settings settings, double[][] ohlc, List<List<Action>> script) {}

  static Run draw(long seed) {
    Random r = new Random(seed);
    double[] fees = {0, 5, 10.5};
    double[] slips = {0, 3, 7.5};
    double[] leverages = {1, 2, 1.5};
    double[] borrows = {0, 250, 36_525};
    Settings s =
        new Settings(
            seed % 2 == 0,
            fees[r.nextInt(fees.length)],
            slips[r.nextInt(slips.length)],
            10_000,
            leverages[r.nextInt(leverages.length)],
            r.nextInt(5) == 0,
            borrows[r.nextInt(borrows.length)]);
    double[][] ohlc = new double[BARS][];
    double close = 100;
    for (int i = 0; i < BARS; i++) {
      double open = r.nextInt(3) == 0 ? close * Math.exp(0.02 * r.nextGaussian()) : close;
      double c = open * Math.exp(0.015 * r.nextGaussian());
      double high = Math.max(open, c) * (1 + Math.abs(0.008 * r.nextGaussian()));
      double low = Math.min(open, c) * (1 - Math.abs(0.008 * r.nextGaussian()));
      ohlc[i] = new double[] {open, high, low, c};
      close = c;
    }
    int maxQuantity = 5 + r.nextInt(40);
    List<List<Action>> script = new ArrayList<>();
    List<Kind> issued = new ArrayList<>();
    for (int i = 0; i < BARS; i++) {
      List<Action> actions = new ArrayList<>();
      double c = ohlc[i][3];
      int places = r.nextInt(10) < 4 ? 1 + (r.nextInt(4) == 0 ? 1 : 0) : 0;
      for (int k = 0; k < places; k++) {
        boolean buy = r.nextBoolean();
        Kind kind = Kind.values()[r.nextInt(4)];
        double quantity = 1 + r.nextInt(r.nextInt(10) == 0 ? 4 * maxQuantity : maxQuantity);
        double limit = Double.NaN;
        double stop = Double.NaN;
        switch (kind) {
          case MARKET -> {}
          case LIMIT -> limit = level(r, ohlc, i);
          case STOP -> stop = level(r, ohlc, i);
          case STOP_LIMIT -> {
            stop = level(r, ohlc, i);
            limit = r.nextInt(4) == 0 ? level(r, ohlc, i) : stop * (1 + 0.01 * r.nextGaussian());
          }
        }
        int expire = r.nextInt(3) == 0 ? 1 + r.nextInt(5) : 0;
        actions.add(new Place(buy, kind, quantity, limit, stop, expire));
        issued.add(kind);
      }
      if (!issued.isEmpty() && r.nextInt(10) == 0) {
        actions.add(new Cancel(pick(r, issued.size())));
      }
      if (!issued.isEmpty() && r.nextInt(7) == 0) {
        long id = pick(r, issued.size());
        if (issued.get((int) id - 1) != Kind.MARKET) {
          actions.add(new Replace(id, level(r, ohlc, i)));
        }
      }
      script.add(actions);
    }
    return new Run(s, ohlc, script);
  }

  /**
   * A price for an order placed on bar i: around its close, or (one time in four) exactly the next
   * bar's open, high or low, so that the ties of the fill rules (≤, ≥) are exercised.
   */
  private static double level(Random r, double[][] ohlc, int i) {
    if (i + 1 < ohlc.length && r.nextInt(4) == 0) {
      return ohlc[i + 1][r.nextInt(3)];
    }
    return ohlc[i][3] * (1 + 0.02 * r.nextGaussian());
  }

  /** An id from 1..n, recent ones more likely (so that changes often find the order pending). */
  private static long pick(Random r, int n) {
    return r.nextInt(3) == 0 ? 1 + r.nextInt(n) : Math.max(1, n - r.nextInt(6));
  }

  // ---------------------------------------------------------------------------------------------
  // The executor side: a strategy that replays the script.

  static BacktestResult runExecutor(Run run) {
    Table bars = TestBars.of(T0, DAY, run.ohlc());
    BarStrategy strategy =
        BarStrategy.of(
            "random",
            (bar, history, orders) -> {
              for (Action a : run.script().get((int) bar.seq())) {
                if (a instanceof Place p) {
                  Orders.Ticket t = place(orders, p);
                  if (p.expireAfter() > 0) {
                    t.expireAfter(p.expireAfter());
                  }
                } else if (a instanceof Cancel c) {
                  orders.cancel(c.id());
                } else if (a instanceof Replace rp) {
                  orders.replace(rp.id(), rp.price());
                }
              }
            });
    return Backtest.of("SYM", bars, Duration.ofDays(1))
        .settings(run.settings().toExecution())
        .strategy(strategy)
        .run();
  }

  private static Orders.Ticket place(Orders orders, Place p) {
    double q = p.quantity();
    return switch (p.kind()) {
      case MARKET -> p.buy() ? orders.buy(q) : orders.sell(q);
      case LIMIT -> p.buy() ? orders.buyLimit(q, p.limit()) : orders.sellLimit(q, p.limit());
      case STOP -> p.buy() ? orders.buyStop(q, p.stop()) : orders.sellStop(q, p.stop());
      case STOP_LIMIT -> orders.submit(
          new OrderRequest(
              p.buy() ? Side.BUY : Side.SELL, OrderType.STOP_LIMIT, q, p.limit(), p.stop(), 0, 0));
    };
  }

  // ---------------------------------------------------------------------------------------------
  // The naive model of SPEC §11.

  /** An order in the model: its prices as last replaced, its state and its row of the table. */
  static final class ModelOrder {
    final long id;
    final Place place;
    final long placed;
    double limit;
    double stop;
    boolean triggered;
    int evaluated;
    String status = "pending";
    long fillTime = Long.MIN_VALUE;
    double fillPrice = Double.NaN;
    double fillQuantity = Double.NaN;
    double fee = Double.NaN;

    ModelOrder(long id, Place place, long placed) {
      this.id = id;
      this.place = place;
      this.placed = placed;
      this.limit = place.limit();
      this.stop = place.stop();
    }
  }

  /** Counts for the final report and for checking that every rule was exercised. */
  static final class Counts {
    long filled;
    long rejected;
    long expired;
    long cancelled;
    long unfilled;
    long replacedWhilePending;
    long shortsOpened;
    long reducingFills;
    long borrowCharges;
    long stopLimitTriggeredAtOpen;
    long stopLimitFilledLater;
    long longOnlyRejected;
    long marginRejected;
    long reductionsPastTheLimit;
    long reversals;
    long reversalsRejected;
    long[] filledByKind = new long[4];
    int closeSeeds;
    int nextOpenSeeds;
    int leveragedSeeds;
    int longOnlySeeds;
    int borrowSeeds;
  }

  static final class Model {
    final Settings s;
    final Counts counts;
    double cash;
    double position; // signed: negative is short
    final List<ModelOrder> all = new ArrayList<>();
    final List<ModelOrder> pending = new ArrayList<>(); // oldest first
    final List<double[]> equity = new ArrayList<>(); // {cash, equity} per bar

    Model(Settings s, Counts counts) {
      this.s = s;
      this.counts = counts;
      this.cash = s.cash();
    }

    void run(double[][] ohlc, List<List<Action>> script) {
      for (int i = 0; i < ohlc.length; i++) {
        bar(i, ohlc[i], script.get(i));
      }
      for (ModelOrder o : pending) {
        o.status = "unfilled";
        counts.unfilled++;
      }
      pending.clear();
    }

    private void bar(int i, double[] b, List<Action> actions) {
      double open = b[0];
      double high = b[1];
      double low = b[2];
      double close = b[3];
      long time = T0 + DAY * i;

      // 1. Pending orders, oldest first.
      for (ModelOrder o : new ArrayList<>(pending)) {
        double price = Double.NaN;
        boolean buy = o.place.buy();
        switch (o.place.kind()) {
          case MARKET -> price = open;
          case LIMIT -> price = limitPrice(buy, o.limit, open, high, low);
          case STOP -> price = stopPrice(buy, o.stop, open, high, low);
          case STOP_LIMIT -> {
            if (o.triggered) {
              price = limitPrice(buy, o.limit, open, high, low);
              if (!Double.isNaN(price)) {
                counts.stopLimitFilledLater++;
              }
            } else {
              boolean atOpen = buy ? open >= o.stop : open <= o.stop;
              boolean inBar = buy ? high >= o.stop : low <= o.stop;
              if (atOpen) {
                o.triggered = true;
                counts.stopLimitTriggeredAtOpen++;
                price = limitPrice(buy, o.limit, open, high, low); // the same bar counts
              } else if (inBar) {
                o.triggered = true; // a limit order from the next bar on
              }
            }
          }
        }
        if (!Double.isNaN(price)) {
          pending.remove(o);
          fill(o, price, time, open);
        } else {
          o.evaluated++;
          if (o.place.expireAfter() > 0 && o.evaluated == o.place.expireAfter()) {
            pending.remove(o);
            o.status = "expired";
            counts.expired++;
          }
        }
      }

      // 2. New orders, in the order placed.
      for (Action a : actions) {
        if (a instanceof Place p) {
          ModelOrder o = new ModelOrder(all.size() + 1, p, time);
          all.add(o);
          if (p.kind() == Kind.MARKET && s.fillAtClose()) {
            fill(o, close, time, close);
          } else {
            pending.add(o);
          }
        }
      }

      // 3. Cancels and replaces, after the pending orders were tried and the new ones placed.
      for (Action a : actions) {
        if (a instanceof Cancel c) {
          ModelOrder o = find(c.id());
          if (o != null) {
            pending.remove(o);
            o.status = "cancelled";
            counts.cancelled++;
          }
        } else if (a instanceof Replace r) {
          ModelOrder o = find(r.id());
          if (o != null) {
            counts.replacedWhilePending++;
            if (o.place.kind() == Kind.LIMIT
                || (o.place.kind() == Kind.STOP_LIMIT && o.triggered)) {
              o.limit = r.price();
            } else {
              o.stop = r.price();
            }
          }
        }
      }

      // 4. The borrow fee for the bar on the short value at its close, then the equity row.
      if (position < 0 && s.borrowBps() > 0) {
        double yearly = s.borrowBps() / 10_000;
        double perBar = yearly * DAY / (365.25 * DAY);
        cash -= -position * close * perBar;
        counts.borrowCharges++;
      }
      equity.add(new double[] {cash, cash + position * close});
    }

    private ModelOrder find(long id) {
      for (ModelOrder o : pending) {
        if (o.id == id) {
          return o;
        }
      }
      return null;
    }

    /** Buy limit P: O ≤ P → O; else L ≤ P → P. Sell limit P: O ≥ P → O; else H ≥ P → P. */
    private static double limitPrice(boolean buy, double p, double o, double h, double l) {
      if (buy) {
        if (o <= p) {
          return o;
        }
        return l <= p ? p : Double.NaN;
      }
      if (o >= p) {
        return o;
      }
      return h >= p ? p : Double.NaN;
    }

    /** Buy stop P: O ≥ P → O; else H ≥ P → P. Sell stop P: O ≤ P → O; else L ≤ P → P. */
    private static double stopPrice(boolean buy, double p, double o, double h, double l) {
      if (buy) {
        if (o >= p) {
          return o;
        }
        return h >= p ? p : Double.NaN;
      }
      if (o <= p) {
        return o;
      }
      return l <= p ? p : Double.NaN;
    }

    /** Whether, after a fill, gross exposure would exceed equity × leverage, valued at mark. */
    private boolean breaches(double newPosition, double newCash, double mark) {
      double gross = Math.abs(newPosition * mark);
      double equityAfter = newCash + newPosition * mark;
      return gross > equityAfter * s.leverage();
    }

    /**
     * Fills at {@code raw} moved by slippage, or rejects (long-only, margin); {@code open} is the
     * price the executor values the position at for the margin check (the bar's open for a waiting
     * order, the close for a market order filled at the close).
     */
    private void fill(ModelOrder o, double raw, long time, double open) {
      boolean buy = o.place.buy();
      double q = o.place.quantity();
      double slip = s.slippageBps() / 10_000;
      double price = buy ? raw * (1 + slip) : raw * (1 - slip);
      double notional = q * price;
      double fee = notional * s.feeBps() / 10_000;
      double newPosition = buy ? position + q : position - q;
      double newCash = buy ? cash - notional - fee : cash + notional - fee;

      // Long-only: a sell that would leave the position short is rejected.
      if (s.longOnly() && newPosition < 0) {
        counts.longOnlyRejected++;
        reject(o);
        return;
      }
      // Margin: after the fill, gross exposure > equity × leverage is rejected, unless the order
      // only reduces or closes the position (same side, not larger).
      boolean reduces =
          Math.abs(newPosition) <= Math.abs(position)
              && (newPosition == 0 || Math.signum(newPosition) == Math.signum(position));
      if (!reduces) {
        boolean breach = breaches(newPosition, newCash, raw);
        if (breach) {
          counts.marginRejected++;
          if (position != 0 && Math.signum(newPosition) != Math.signum(position)) {
            counts.reversalsRejected++;
          }
          reject(o);
          return;
        }
      } else if (breaches(newPosition, newCash, raw)) {
        counts.reductionsPastTheLimit++; // over the limit even after it, but never refused
      }
      if (position != 0 && newPosition != 0 && Math.signum(newPosition) != Math.signum(position)) {
        counts.reversals++;
      }
      if (newPosition < 0 && newPosition < position) {
        counts.shortsOpened++;
      }
      if (reduces) {
        counts.reducingFills++;
      }
      cash = newCash;
      position = newPosition;
      o.status = "filled";
      o.fillTime = time;
      o.fillPrice = price;
      o.fillQuantity = q;
      o.fee = fee;
      counts.filled++;
      counts.filledByKind[o.place.kind().ordinal()]++;
    }

    private void reject(ModelOrder o) {
      o.status = "rejected";
      counts.rejected++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The comparison.

  @Test
  void theExecutorAgreesWithANaiveModelOfSpec11OnRandomOrders() {
    Counts counts = new Counts();
    for (long seed = 1; seed <= SEEDS; seed++) {
      Run run = draw(seed);
      Settings s = run.settings();
      counts.closeSeeds += s.fillAtClose() ? 1 : 0;
      counts.nextOpenSeeds += s.fillAtClose() ? 0 : 1;
      counts.leveragedSeeds += s.leverage() > 1 ? 1 : 0;
      counts.longOnlySeeds += s.longOnly() ? 1 : 0;
      counts.borrowSeeds += s.borrowBps() > 0 ? 1 : 0;
      Model model = new Model(s, counts);
      model.run(run.ohlc(), run.script());
      compare(seed, run, model, runExecutor(run));
    }
    System.out.printf(
        "reference model, %d seeds: filled %d (market %d, limit %d, stop %d, stop-limit %d),"
            + " rejected %d, expired %d, cancelled %d, unfilled %d; replaces while pending %d,"
            + " shorts opened %d, reducing fills %d, borrow charges %d, stop-limits triggered at"
            + " the open %d, filled after an intrabar trigger %d; rejections: long-only %d,"
            + " margin %d (of them reversals %d); reducing fills past the margin limit %d; reversals %d;"
            + " seeds: close %d, next-open %d,"
            + " leverage>1 %d, long-only %d, borrow %d%n",
        SEEDS,
        counts.filled,
        counts.filledByKind[0],
        counts.filledByKind[1],
        counts.filledByKind[2],
        counts.filledByKind[3],
        counts.rejected,
        counts.expired,
        counts.cancelled,
        counts.unfilled,
        counts.replacedWhilePending,
        counts.shortsOpened,
        counts.reducingFills,
        counts.borrowCharges,
        counts.stopLimitTriggeredAtOpen,
        counts.stopLimitFilledLater,
        counts.longOnlyRejected,
        counts.marginRejected,
        counts.reversalsRejected,
        counts.reductionsPastTheLimit,
        counts.reversals,
        counts.closeSeeds,
        counts.nextOpenSeeds,
        counts.leveragedSeeds,
        counts.longOnlySeeds,
        counts.borrowSeeds);
    // every rule was exercised
    for (long k : counts.filledByKind) {
      assertTrue(k > 0, "every order type fills");
    }
    assertTrue(counts.rejected > 0 && counts.expired > 0 && counts.cancelled > 0, "settlements");
    assertTrue(counts.replacedWhilePending > 0 && counts.shortsOpened > 0, "replaces, shorts");
    assertTrue(counts.borrowCharges > 0 && counts.reducingFills > 0, "borrow, reducing fills");
    assertTrue(counts.stopLimitTriggeredAtOpen > 0 && counts.stopLimitFilledLater > 0, "stop-lim");
    assertTrue(counts.closeSeeds > 0 && counts.nextOpenSeeds > 0, "both fill timings");
    assertTrue(counts.leveragedSeeds > 0 && counts.longOnlySeeds > 0, "leverage, long-only");
    assertTrue(counts.longOnlyRejected > 0 && counts.marginRejected > 0, "both rejections");
    assertTrue(counts.reductionsPastTheLimit > 0 && counts.reversals > 0, "reductions, reversals");
    assertTrue(counts.reversalsRejected > 0, "a reversal is checked like an opening order");
  }

  private static void compare(long seed, Run run, Model model, BacktestResult result) {
    String where = "seed " + seed + " " + run.settings();
    Table orders = result.orders();
    assertEquals(model.all.size(), orders.rowCount(), where + ": order count");
    for (int row = 0; row < orders.rowCount(); row++) {
      ModelOrder m = model.all.get(row);
      String at = where + ", order " + m.id + " " + m.place + ":\n" + orders.row(row);
      assertEquals(m.id, orders.longColumn("id").get(row), at);
      assertEquals(m.status, orders.stringColumn("status").get(row), at);
      assertEquals(Instant.ofEpochMilli(m.placed), orders.instantColumn("time").get(row), at);
      assertEquals(m.place.buy() ? "buy" : "sell", orders.stringColumn("side").get(row), at);
      if (m.fillTime == Long.MIN_VALUE) {
        assertTrue(orders.instantColumn("fill_time").isMissing(row), at + ": no fill time");
      } else {
        assertEquals(
            Instant.ofEpochMilli(m.fillTime), orders.instantColumn("fill_time").get(row), at);
      }
      same(m.fillPrice, orders.doubleColumn("fill_price").getDouble(row), at + ": fill price");
      same(m.fillQuantity, orders.doubleColumn("fill_quantity").getDouble(row), at + ": quantity");
      same(m.fee, orders.doubleColumn("fee").getDouble(row), at + ": fee");
      same(m.limit, orders.doubleColumn("limit_price").getDouble(row), at + ": limit");
      same(m.stop, orders.doubleColumn("stop_price").getDouble(row), at + ": stop");
    }
    Table equity = result.equity();
    assertEquals(model.equity.size(), equity.rowCount(), where + ": equity rows");
    for (int i = 0; i < equity.rowCount(); i++) {
      double[] e = model.equity.get(i);
      same(e[0], equity.doubleColumn("cash").getDouble(i), where + ": cash at bar " + i);
      same(e[1], equity.doubleColumn("equity").getDouble(i), where + ": equity at bar " + i);
    }
    double[] last = model.equity.get(model.equity.size() - 1);
    same(last[1], result.metrics().finalEquity(), where + ": final equity");
  }

  // ---------------------------------------------------------------------------------------------
  // Where the executor disagreed with SPEC §11, fixed.

  /**
   * Cash 1000, leverage 2, no costs; an order placed on bar 0 (100 flat) and first tried on bar 1
   * (O 100, H 106, L 94, C 100); the order's status.
   */
  private static String statusOnBar1(java.util.function.Consumer<Orders> place) {
    double[][] ohlc = {{100, 100, 100, 100}, {100, 106, 94, 100}};
    BacktestResult r =
        Backtest.of("SYM", TestBars.of(T0, DAY, ohlc), Duration.ofDays(1))
            .settings(ExecutionSettings.defaults().withCash(1000).withLeverage(2))
            .strategy(
                BarStrategy.of(
                    "one",
                    (bar, history, orders) -> {
                      if (bar.seq() == 0) {
                        place.accept(orders);
                      }
                    }))
            .run();
    return r.orders().stringColumn("status").get(0);
  }

  @Test
  void aBuyLimitFilledBelowTheOpenIsCheckedAtItsFillPrice() {
    // after the fill at 95: cash 1000 − 2090 = −1090, gross 22 × 95 = 2090, equity −1090 + 2090 =
    // 1000, and 2090 > 1000 × 2: rejected
    assertEquals("rejected", statusOnBar1(o -> o.buyLimit(22, 95)));
  }

  @Test
  void aBuyStopFilledAboveTheOpenIsCheckedAtItsFillPrice() {
    // after the fill at 105: cash 1000 − 1995 = −995, gross 19 × 105 = 1995, equity −995 + 1995 =
    // 1000, and 1995 ≤ 1000 × 2: filled
    assertEquals("filled", statusOnBar1(o -> o.buyStop(19, 105)));
  }

  private static void same(double expected, double actual, String what) {
    if (Double.isNaN(expected) && Double.isNaN(actual)) {
      return;
    }
    double scale = Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
    if (!(Math.abs(expected - actual) <= REL * scale)) {
      fail(what + ": model " + expected + ", executor " + actual);
    }
  }
}
