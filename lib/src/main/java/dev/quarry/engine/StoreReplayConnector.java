package dev.quarry.engine;

import dev.quarry.bars.Bars;
import dev.quarry.bars.TradeBars;
import dev.quarry.store.BarStore;
import dev.quarry.store.DatasetId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tech.tablesaw.api.Table;

/**
 * Replays a range of a store's dataset a month at a time ({@link BarStore#readMonths}), so a
 * backtest over years of many symbols holds at most two months of bars per connector (the one it
 * replays and the next, read ahead on a shared thread), not the range. Each {@code execute} step
 * publishes up to {@code barsPerStep} bars as one {@link MarketData.BarBatch}; the next month is
 * taken when the current one is used up; after the last bar it says {@link MarketData.SourceDone}.
 * The bars are those of {@link BarStore#read(DatasetId, Instant, Instant, String...)} over the same
 * range, in the same order.
 *
 * <p>{@link #resampled} replays the dataset's bars merged into longer ones on the way, bar for bar
 * as {@link Bars#resample} makes them from the whole range (a bucket that spans two months is
 * finished in the second; the last bucket is a bar only if the data reaches its end).
 *
 * <p>A month is read when the connector needs it, so a write to the dataset during the replay may
 * show in the later months; a read error (a corrupt file, a missing month) stops the engine with
 * the store's message, naming this connector.
 */
public final class StoreReplayConnector implements Connector {
  private final String name;
  private final String symbol;
  private final BarStore store;
  private final DatasetId dataset;
  private final Instant from;
  private final Instant to;
  private final int barsPerStep;
  private final Resampler resampler;
  private Iterator<Table> months;

  /** The next month, being read by {@link #READ_AHEAD} while the engine replays this one. */
  private CompletableFuture<Month> ahead;

  private long lastTime = Long.MIN_VALUE;
  private long[] time = new long[0];
  private double[] open = new double[0];
  private double[] high = new double[0];
  private double[] low = new double[0];
  private double[] close = new double[0];
  private double[] volume = new double[0];
  private int next;
  private long replayed;

  private StoreReplayConnector(
      String name,
      String symbol,
      BarStore store,
      DatasetId dataset,
      Instant from,
      Instant to,
      Resampler resampler,
      int barsPerStep) {
    this.name = Objects.requireNonNull(name, "name");
    this.symbol = Objects.requireNonNull(symbol, "symbol");
    this.store = Objects.requireNonNull(store, "store");
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
    if (barsPerStep < 1) {
      throw new IllegalArgumentException("barsPerStep must be at least 1, got " + barsPerStep);
    }
    this.barsPerStep = barsPerStep;
    this.resampler = resampler;
  }

  /**
   * Replays the bars of {@code [from, to)} of a dataset, under the dataset's symbol.
   *
   * @param name the connector's name, unique in the engine
   * @param store the store
   * @param dataset the dataset
   * @param from first instant included
   * @param to first instant excluded, after {@code from}
   * @param barsPerStep bars published per step, at least 1
   * @return the connector; it reads nothing until it runs (or {@link #hasBars()} is asked)
   */
  public static StoreReplayConnector of(
      String name, BarStore store, DatasetId dataset, Instant from, Instant to, int barsPerStep) {
    return new StoreReplayConnector(
        name, dataset.symbol(), store, dataset, from, to, null, barsPerStep);
  }

  /**
   * Replays the bars of {@code [from, to)} of a dataset resampled to {@code timeframe}, as {@link
   * Bars#resample} would make them from the whole range, under the name {@code series} (e.g. {@code
   * BTC-USD@1h}).
   *
   * @param name the connector's name, unique in the engine
   * @param series the symbol the resampled bars carry
   * @param store the store
   * @param dataset the dataset, whose timeframe is the base one
   * @param from first instant included
   * @param to first instant excluded, after {@code from}
   * @param timeframe the resampled bars' length, a whole multiple of the dataset's timeframe
   * @param barsPerStep bars published per step, at least 1
   * @return the connector
   * @throws IllegalArgumentException if {@code timeframe} is not a whole multiple of the dataset's
   */
  public static StoreReplayConnector resampled(
      String name,
      String series,
      BarStore store,
      DatasetId dataset,
      Instant from,
      Instant to,
      Duration timeframe,
      int barsPerStep) {
    Duration base = Bars.timeframe(dataset.timeframe());
    long step = TradeBars.stepMillis(base);
    long bucket = Bars.resampleBucket(base, timeframe);
    return new StoreReplayConnector(
        name, series, store, dataset, from, to, new Resampler(step, bucket), barsPerStep);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Whether the range has a bar to replay; reads the first month with bars if none is loaded yet.
   *
   * @return false if the replay would publish no bar
   * @throws dev.quarry.store.StoreException if the dataset cannot be read
   */
  public boolean hasBars() {
    return next < time.length || load();
  }

  /**
   * How many bars the connector has published so far.
   *
   * @return the count
   */
  public long replayed() {
    return replayed;
  }

  @Override
  public Progress execute(TaskContext context) {
    if (next == time.length && !load()) {
      context.publish(new MarketData.SourceDone(name));
      return Progress.DONE;
    }
    int end = Math.min(time.length, next + barsPerStep);
    context.publish(
        new MarketData.BarBatch(name, symbol, time, open, high, low, close, volume, next, end));
    replayed += end - next;
    next = end;
    return Progress.MORE;
  }

  /**
   * One thread, shared by every connector, that reads each connector's next month while the engine
   * replays the current one (on a machine with a core to spare, the reading costs no time). One
   * month ahead per connector at most; the months and their order are the same as without it.
   */
  private static final ExecutorService READ_AHEAD =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "quarry-store-read-ahead");
            thread.setDaemon(true);
            return thread;
          });

  /** A month's bars as columns; null {@code time} when the range has no more months. */
  private record Month(
      long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume) {}

  /**
   * Reads the next month with bars, on the read-ahead thread; the iterator is used by one at once.
   */
  private Month readNext() {
    if (!months.hasNext()) {
      return new Month(null, null, null, null, null, null);
    }
    Table month = months.next();
    return new Month(
        Bars.epochMillis(month.instantColumn(Bars.TIMESTAMP)),
        month.doubleColumn(Bars.OPEN).asDoubleArray(),
        month.doubleColumn(Bars.HIGH).asDoubleArray(),
        month.doubleColumn(Bars.LOW).asDoubleArray(),
        month.doubleColumn(Bars.CLOSE).asDoubleArray(),
        month.doubleColumn(Bars.VOLUME).asDoubleArray());
  }

  /** The month read ahead (its read error, as the store raised it), and the next one asked for. */
  private Month nextMonth() {
    Month month;
    try {
      month = ahead.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
    ahead = month.time() == null ? null : CompletableFuture.supplyAsync(this::readNext, READ_AHEAD);
    return month;
  }

  /**
   * Loads the next month's bars (resampled if asked) into fresh arrays; false if there are no more.
   * The arrays of the month before are not reused: batches already published still refer to them.
   */
  private boolean load() {
    if (months == null) {
      months = store.readMonths(dataset, from, to);
      ahead = CompletableFuture.completedFuture(readNext()); // the first month: needed now
    }
    while (ahead != null) {
      Month month = nextMonth();
      if (month.time() == null) {
        break;
      }
      checkOrder(month.time());
      set(month.time(), month.open(), month.high(), month.low(), month.close(), month.volume());
      if (resampler != null) {
        resampler.add(this);
      }
      if (time.length > 0) {
        return true;
      }
    }
    if (resampler != null && resampler.finish(this)) {
      return true;
    }
    set(new long[0], new double[0], new double[0], new double[0], new double[0], new double[0]);
    return false;
  }

  private void set(long[] t, double[] o, double[] h, double[] l, double[] c, double[] v) {
    time = t;
    open = o;
    high = h;
    low = l;
    close = c;
    volume = v;
    next = 0;
  }

  private void checkOrder(long[] t) {
    for (int i = 0; i < t.length; i++) {
      if (t[i] <= lastTime) {
        throw new IllegalArgumentException(
            "bars of "
                + dataset
                + " are not in strictly increasing time order: "
                + Instant.ofEpochMilli(t[i])
                + " comes after "
                + Instant.ofEpochMilli(lastTime)
                + "; check the store with `inventory --verify`");
      }
      lastTime = t[i];
    }
  }

  /**
   * Merges base bars into buckets of {@code bucket} ms across months, with {@link Bars#resample}'s
   * rules: a bucket is finished by the first bar of a later bucket, and the last one counts only if
   * the data reaches its end.
   */
  private static final class Resampler {
    private final long step;
    private final long bucket;
    private boolean open;
    private long start;
    private long lastBar;
    private double first;
    private double high;
    private double low;
    private double close;
    private double volume;

    Resampler(long step, long bucket) {
      this.step = step;
      this.bucket = bucket;
    }

    /** Replaces the connector's month of base bars with the buckets it finishes. */
    void add(StoreReplayConnector c) {
      long[] t = c.time;
      int n = t.length;
      int cap = (int) Math.min(n + 1L, (t.length == 0 ? 0 : (t[n - 1] - t[0]) / bucket + 2));
      Out out = new Out(cap);
      for (int i = 0; i < n; i++) {
        long s = Math.floorDiv(t[i], bucket) * bucket;
        if (open && s != start) {
          out.add(start, first, high, low, close, volume);
          open = false;
        }
        if (!open) {
          open = true;
          start = s;
          first = c.open[i];
          high = c.high[i];
          low = c.low[i];
          volume = 0;
        }
        high = Math.max(high, c.high[i]);
        low = Math.min(low, c.low[i]);
        volume += c.volume[i];
        close = c.close[i];
        lastBar = t[i];
      }
      out.into(c);
    }

    /** The last bucket, if the data reaches its end; true if it is one more bar. */
    boolean finish(StoreReplayConnector c) {
      if (!open || lastBar + step < start + bucket) {
        open = false;
        return false;
      }
      open = false;
      Out out = new Out(1);
      out.add(start, first, high, low, close, volume);
      out.into(c);
      return true;
    }

    /** Finished buckets, as columns. */
    private static final class Out {
      long[] t;
      double[] o;
      double[] h;
      double[] l;
      double[] c;
      double[] v;
      int n;

      Out(int capacity) {
        t = new long[capacity];
        o = new double[capacity];
        h = new double[capacity];
        l = new double[capacity];
        c = new double[capacity];
        v = new double[capacity];
      }

      void add(long time, double open, double high, double low, double close, double volume) {
        t[n] = time;
        o[n] = open;
        h[n] = high;
        l[n] = low;
        c[n] = close;
        v[n] = volume;
        n++;
      }

      void into(StoreReplayConnector connector) {
        connector.set(
            Arrays.copyOf(t, n),
            Arrays.copyOf(o, n),
            Arrays.copyOf(h, n),
            Arrays.copyOf(l, n),
            Arrays.copyOf(c, n),
            Arrays.copyOf(v, n));
      }
    }
  }
}
