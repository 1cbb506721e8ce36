package dev.quarry.engine;

import dev.quarry.bars.TradeBars;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Merges the bars of several connectors into one stream in the order of their close, numbering
 * them; builds the bars of trade sources from their trades.
 *
 * <p>Every source has a timeframe, and a bar is published when it closes, at start + timeframe
 * (SPEC §12): bars are ordered by their end, then by timeframe (shorter first, so an hourly bar
 * comes right after the last minute bar inside it and before any later minute bar), then by the
 * order the sources were declared. A source may publish any bars of its declared length.
 *
 * <p>A <em>bar source</em> publishes {@link MarketData.RawBar}s (one event per bar) or {@link
 * MarketData.BarBatch}es (slices of column arrays, as {@link ReplayConnector} does: one event per
 * thousand bars), in time order, in any mix. A <em>trade source</em> publishes {@link
 * MarketData.Trade}s of one symbol, which go through a {@link TradeBars} of its timeframe (the same
 * rules as {@link dev.quarry.bars.Bars#fromTrades}); a bar is finished when a trade of a later bar
 * arrives, and the last, partial bar when the source says {@link MarketData.SourceDone}.
 *
 * <pre>{@code
 * Aggregator merge = MergingAggregator.builder()
 *     .bars("eth", Duration.ofMinutes(1))       // a ReplayConnector named "eth", 1-minute bars
 *     .trades("btc", Duration.ofMinutes(1))     // a TradeReplayConnector named "btc"
 *     .build();
 * }</pre>
 *
 * <p>A bar is published only when every connector that is not done has a bar waiting, so no later
 * bar can still arrive with an earlier end: the merge is exact whatever the connectors' speed (a
 * trade source's bar waits until it is finished, so the merge waits for the trade after it). The
 * sources are the leaves of a tournament tree on that order, and the sources that hold the merge
 * back are counted, so a bar costs one comparison per level, O(log sources), not a scan of every
 * source. Each bar is checked on the way (finite prices, {@code low ≤ open, close ≤ high}, volume ≥
 * 0, time increasing per symbol). A bad bar, a trade out of time order or with a non-finite price
 * or amount, or data from a connector the aggregator does not merge stops the engine with an error
 * naming the connector, symbol and time. After the last bar it publishes {@link EndOfData}.
 *
 * <p>It reads the trade channel only if it has trade sources.
 */
public final class MergingAggregator implements Aggregator {
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final boolean hasBarSources;
  private final boolean hasTradeSources;
  private final Map<String, long[]> lastTime = new HashMap<>();

  /**
   * The sources in declaration order: leaf {@code i} of the tournament tree is {@code byRank[i]}.
   */
  private final Source[] byRank;

  /**
   * Each source's key, by rank: the order of its first waiting bar packed in one number, {@code
   * (end × timeframes + the timeframe's place among the sources' timeframes, shortest first) ×
   * sources + rank}, so that comparing two keys compares the end, then the timeframe, then the
   * rank; {@link Long#MAX_VALUE} when it has no bar waiting. Keys are unique.
   */
  private final long[] keys;

  /** Each source's timeframe's place among the sources' distinct timeframes, shortest first. */
  private final int[] timeframeOrder;

  /** How many distinct timeframes the sources have. */
  private final int timeframeCount;

  /** The largest end, in absolute value, whose key does not overflow. */
  private final long endLimit;

  /**
   * A tournament (loser) tree over the ranks: {@code tree[0]} is the rank of the source whose bar
   * comes next, {@code tree[j]} for {@code j ≥ 1} the loser of the match at node j (the leaves are
   * nodes {@code n … 2n−1}). When the winner's key changes, one replay from its leaf to the root
   * (one comparison per level) finds the next winner. Any other key changes only when a source that
   * had no bar waiting gets one (once a batch, about a thousand bars); the tree is then rebuilt
   * before the next bar, O(sources).
   */
  private final int[] tree;

  private boolean rebuild = true;

  /** Sources with a bar waiting. */
  private int waitingSources;

  /** Sources not done with no bar waiting: while any is, no bar may be published. */
  private int starved;

  /** Sources not done yet. */
  private int running;

  private Source lastSource;
  private final List<String> ended = new ArrayList<>();
  private Subscription<MarketData.RawBar> raw;
  private Subscription<MarketData.BarBatch> batches;
  private Subscription<MarketData.Trade> trades;
  private Subscription<MarketData.SourceDone> finished;
  private long seq;

  /**
   * An aggregator over these bar sources, named as their {@link Task#name()}, all of one timeframe.
   *
   * @param timeframe the length of every source's bars, a positive whole number of seconds
   * @param sources the connectors' names, in tie-breaking order
   * @throws IllegalArgumentException if there is none, or one is listed twice
   */
  public MergingAggregator(Duration timeframe, List<String> sources) {
    this(barSources(timeframe, sources));
  }

  private MergingAggregator(Builder builder) {
    if (builder.specs.isEmpty()) {
      throw new IllegalArgumentException("an aggregator needs at least one source");
    }
    boolean bars = false;
    boolean trades = false;
    for (Map.Entry<String, Builder.Spec> e : builder.specs.entrySet()) {
      Builder.Spec spec = e.getValue();
      sources.put(e.getKey(), new Source(e.getKey(), spec.timeframe(), spec.trades()));
      bars |= !spec.trades();
      trades |= spec.trades();
    }
    int rank = 0;
    byRank = new Source[sources.size()];
    keys = new long[byRank.length];
    timeframeOrder = new int[byRank.length];
    long[] distinct =
        sources.values().stream()
            .mapToLong(source -> source.timeframe)
            .distinct()
            .sorted()
            .toArray();
    timeframeCount = distinct.length;
    endLimit = Long.MAX_VALUE / ((long) timeframeCount * byRank.length) - 1;
    for (Source s : sources.values()) {
      s.rank = rank;
      byRank[rank] = s;
      keys[rank] = Long.MAX_VALUE;
      timeframeOrder[rank] = java.util.Arrays.binarySearch(distinct, s.timeframe);
      rank++;
    }
    tree = new int[byRank.length];
    starved = rank;
    running = rank;
    hasBarSources = bars;
    hasTradeSources = trades;
  }

  private static Builder barSources(Duration timeframe, List<String> names) {
    Builder builder = builder();
    names.forEach(name -> builder.bars(name, timeframe));
    return builder;
  }

  /**
   * Starts declaring the sources.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Declares the sources of a {@link MergingAggregator}, in tie-breaking order. */
  public static final class Builder {
    /** A source: its bars' length, and whether it sends trades to build them from. */
    private record Spec(long timeframe, boolean trades) {}

    private final Map<String, Spec> specs = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a connector that publishes bars of one timeframe.
     *
     * @param source the connector's name
     * @param timeframe the bars' length, a positive whole number of seconds: each bar is published
     *     at its close, start + timeframe
     * @return this builder
     * @throws IllegalArgumentException if the source is already declared or the timeframe is not a
     *     positive whole number of seconds
     */
    public Builder bars(String source, Duration timeframe) {
      return add(source, new Spec(TradeBars.stepMillis(timeframe), false));
    }

    /**
     * Adds a connector that publishes trades of one symbol, to be built into bars.
     *
     * @param source the connector's name
     * @param timeframe the bar length, a positive whole number of seconds
     * @return this builder
     * @throws IllegalArgumentException if the source is already declared or the timeframe is not a
     *     positive whole number of seconds
     */
    public Builder trades(String source, Duration timeframe) {
      return add(source, new Spec(TradeBars.stepMillis(timeframe), true));
    }

    private Builder add(String source, Spec kind) {
      Objects.requireNonNull(source, "source");
      if (specs.putIfAbsent(source, kind) != null) {
        throw new IllegalArgumentException("source '" + source + "' is listed twice");
      }
      return this;
    }

    /**
     * The aggregator.
     *
     * @return a new aggregator over the declared sources
     * @throws IllegalArgumentException if no source was declared
     */
    public MergingAggregator build() {
      return new MergingAggregator(this);
    }
  }

  @Override
  public void initialize(TaskContext context) {
    raw = context.subscribe(MarketData.RawBar.class);
    if (hasBarSources) {
      batches = context.subscribe(MarketData.BarBatch.class);
    }
    if (hasTradeSources) {
      trades = context.subscribe(MarketData.Trade.class);
    }
    finished = context.subscribe(MarketData.SourceDone.class);
  }

  @Override
  public Progress execute(TaskContext context) throws InterruptedException {
    boolean moved = take();
    int published = 0;
    while (ready()) {
      Source s = next();
      if (waitingSources == 1 && s.head instanceof MarketData.BarBatch b) {
        published += publishBatch(context, s, b); // the only source with bars: no merging
      } else {
        publish(context, s);
        published++;
      }
    }
    if (allDone() && allEmpty()) {
      context.publish(new EndOfData(seq));
      return Progress.DONE;
    }
    if (!moved && published == 0) {
      // Nothing to do yet: wait a little for a connector (returns at once when simulated).
      if (hasBarSources) {
        MarketData.BarBatch first = batches.poll(1, TimeUnit.MILLISECONDS);
        if (first != null) {
          queue(first.source(), first.symbol(), first.time()[first.from()], first);
        }
      } else {
        MarketData.Trade first = trades.poll(1, TimeUnit.MILLISECONDS);
        if (first != null) {
          feed(first);
        }
      }
    }
    return Progress.MORE;
  }

  private boolean take() {
    // Done marks first, applied last: a connector publishes all its data before its SourceDone, so
    // the data of a source seen done here is already waiting in the queues drained below, and a
    // trade source's last bar is flushed after its last trade.
    for (MarketData.SourceDone d = finished.poll(); d != null; d = finished.poll()) {
      ended.add(d.source());
    }
    boolean moved = !ended.isEmpty();
    if (batches != null) {
      for (MarketData.BarBatch b = batches.poll(); b != null; b = batches.poll()) {
        queue(b.source(), b.symbol(), b.time()[b.from()], b);
        moved = true;
      }
    }
    for (MarketData.RawBar bar = raw.poll(); bar != null; bar = raw.poll()) {
      queue(bar.source(), bar.symbol(), bar.time(), bar);
      moved = true;
    }
    if (trades != null) {
      for (MarketData.Trade trade = trades.poll(); trade != null; trade = trades.poll()) {
        feed(trade);
        moved = true;
      }
    }
    for (String name : ended) {
      Source s = sources.get(name);
      if (s == null) {
        throw new IllegalStateException(
            "connector '"
                + name
                + "' said it is done, but this aggregator does not merge it; it merges "
                + sources.values());
      }
      if (!s.done) {
        s.done = true;
        running--;
        if (s.empty()) {
          starved--;
        }
      }
      if (s.builder != null) {
        boolean empty = s.empty();
        s.builder.flush();
        filled(s, empty);
      }
    }
    ended.clear();
    return moved;
  }

  /** Queues a raw bar or a batch of a bar source (described by its first bar, for errors). */
  private void queue(String source, String symbol, long time, MarketData bars) {
    Source s = lastSource;
    if (s == null || !s.name.equals(source)) {
      s = sources.get(source);
      lastSource = s;
    }
    if (s == null || s.builder != null || s.done) {
      String what =
          "bar of "
              + symbol
              + " at "
              + Instant.ofEpochMilli(time)
              + " from connector '"
              + source
              + "'";
      throw rejected(what, s);
    }
    boolean empty = s.empty();
    s.add(bars);
    filled(s, empty);
  }

  /**
   * After bars were added to a source's queue: if it was empty, the source now has a bar waiting,
   * so it gets a key in the tree (and, if not done, no longer holds the merge back).
   */
  private void filled(Source s, boolean wasEmpty) {
    if (!wasEmpty || s.empty()) {
      return;
    }
    if (!s.done) {
      starved--;
    }
    keys[s.rank] = key(s);
    waitingSources++;
    rebuild = true;
  }

  private void feed(MarketData.Trade t) {
    Source s = sources.get(t.source());
    if (s == null || s.builder == null || s.done) {
      throw rejected(what(t), s);
    }
    if (s.symbol == null) {
      s.symbol = t.symbol();
    } else if (!s.symbol.equals(t.symbol())) {
      throw new IllegalArgumentException(
          what(t)
              + ": the connector already sent trades of "
              + s.symbol
              + "; a trade source has one symbol (use one connector per symbol)");
    }
    boolean empty = s.empty();
    try {
      s.builder.add(t.time(), t.price(), t.amount());
      filled(s, empty);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what(t) + ": " + e.getMessage(), e);
    }
  }

  private static String what(MarketData.Trade t) {
    return "trade of "
        + t.symbol()
        + " at "
        + Instant.ofEpochMilli(t.time())
        + " from connector '"
        + t.source()
        + "'";
  }

  /** Data this aggregator cannot take from a source: unknown, of the other kind, or after done. */
  private RuntimeException rejected(String what, Source s) {
    if (s == null) {
      return new IllegalStateException(
          what + ", which this aggregator does not merge; it merges " + sources.values());
    }
    if (s.done) {
      return new IllegalStateException(what + ", after the connector said it was done");
    }
    return new IllegalArgumentException(
        what
            + (s.builder == null
                ? ", which is declared a bar source; declare it with trades(name, timeframe) to"
                    + " build bars from its trades"
                : ", which is declared a trade source; declare it with bars(name)"));
  }

  /** Every source not done has a bar waiting, and some bar waits. */
  private boolean ready() {
    return starved == 0 && waitingSources > 0;
  }

  /**
   * The source whose waiting bar closes first; on equal ends the shorter timeframe, then the first
   * source declared: the tree's winner.
   */
  private Source next() {
    if (rebuild) {
      build();
    }
    return byRank[tree[0]];
  }

  /** Whether source {@code a}'s first waiting bar comes before source {@code b}'s (by rank). */
  private boolean before(int a, int b) {
    return keys[a] < keys[b];
  }

  /** The key of the source's first waiting bar ({@link #keys}). */
  private long key(Source s) {
    long end = s.headTime() + s.timeframe;
    if (Math.abs(end) > endLimit) {
      throw new IllegalArgumentException(
          "a bar from connector '"
              + s.name
              + "' closes at "
              + end
              + " ms from 1970, too far from it to merge "
              + byRank.length
              + " sources of "
              + timeframeCount
              + " timeframe(s) (at most "
              + endLimit
              + " ms either way); check the bars' timestamps");
    }
    return (end * timeframeCount + timeframeOrder[s.rank]) * byRank.length + s.rank;
  }

  /** Plays every match again, bottom up: the winner of node j is {@code winners[j]}. */
  private void build() {
    int n = byRank.length;
    if (n == 1) {
      tree[0] = 0;
    } else {
      int[] winners = new int[2 * n];
      for (int i = 0; i < n; i++) {
        winners[n + i] = i;
      }
      for (int j = n - 1; j >= 1; j--) {
        int a = winners[2 * j];
        int b = winners[2 * j + 1];
        if (before(b, a)) {
          winners[j] = b;
          tree[j] = a;
        } else {
          winners[j] = a;
          tree[j] = b;
        }
      }
      tree[0] = winners[1];
    }
    rebuild = false;
  }

  /** After the winner's key changed: its matches from its leaf up are played again. */
  private void replayWinner() {
    int winner = tree[0];
    long winnerKey = keys[winner];
    for (int node = (winner + byRank.length) >>> 1; node >= 1; node >>>= 1) {
      // Selections rather than a branch: which side wins is as good as random from bar to bar.
      int loser = tree[node];
      long loserKey = keys[loser];
      boolean swap = loserKey < winnerKey;
      tree[node] = swap ? winner : loser;
      winner = swap ? loser : winner;
      winnerKey = swap ? loserKey : winnerKey;
    }
    tree[0] = winner;
  }

  /**
   * After the winner's first waiting bar was published: its key becomes its next bar's end, or none
   * if it has no more bar waiting (and, if not done, it holds the merge back again).
   */
  private void advanced(Source s) {
    if (s.empty()) {
      if (!s.done) {
        starved++;
      }
      waitingSources--;
      keys[s.rank] = Long.MAX_VALUE;
    } else {
      keys[s.rank] = key(s);
    }
    if (!rebuild) {
      replayWinner();
    }
  }

  /** Checks the source's first waiting bar, publishes it as the next {@link Bar}, removes it. */
  private void publish(TaskContext context, Source s) {
    Bar bar;
    if (s.head instanceof MarketData.BarBatch b) {
      bar = bar(b, s.cursor, s.timeframe);
    } else {
      MarketData.RawBar r = (MarketData.RawBar) s.head;
      bar =
          new Bar(
              seq,
              r.symbol(),
              r.time(),
              r.open(),
              r.high(),
              r.low(),
              r.close(),
              r.volume(),
              r.time() + s.timeframe);
    }
    check(bar, s);
    s.advance();
    advanced(s);
    seq++;
    context.publish(bar);
  }

  /**
   * Publishes the rest of the source's first batch, when no other source has a bar waiting and
   * every other source is done: nothing can come between these bars, so they go out in a row
   * without the merge's bookkeeping per bar. Checks and numbers each as {@link #publish} does.
   *
   * @return how many bars were published
   */
  private int publishBatch(TaskContext context, Source s, MarketData.BarBatch b) {
    int from = s.cursor;
    int to = b.to();
    for (int i = from; i < to; i++) {
      s.cursor = i; // a failure leaves the source at the bar that failed
      Bar bar = bar(b, i, s.timeframe);
      check(bar, s);
      seq++;
      context.publish(bar);
    }
    s.advance();
    advanced(s);
    return to - from;
  }

  /**
   * Bar {@code i} of a batch, numbered {@link #seq}, ending a {@code timeframe} after it starts.
   */
  private Bar bar(MarketData.BarBatch b, int i, long timeframe) {
    long time = b.time()[i];
    return new Bar(
        seq,
        b.symbol(),
        time,
        b.open()[i],
        b.high()[i],
        b.low()[i],
        b.close()[i],
        b.volume()[i],
        time + timeframe);
  }

  private void check(Bar r, Source source) {
    String problem = null;
    if (!(Double.isFinite(r.open())
        && Double.isFinite(r.high())
        && Double.isFinite(r.low())
        && Double.isFinite(r.close())
        && Double.isFinite(r.volume()))) {
      problem = "a price or the volume is not finite";
    } else if (r.high() < Math.max(r.open(), r.close())
        || r.low() > Math.min(r.open(), r.close())) {
      problem = "high " + r.high() + " and low " + r.low() + " do not contain open and close";
    } else if (r.volume() < 0) {
      problem = "volume " + r.volume() + " is negative";
    }
    // The end of the symbol's previous bar, whichever source sent it; each source remembers the
    // slot of its last bar's symbol, so that interleaved sources look no symbol up per bar.
    long[] previous = source.symbolEnd;
    if (previous == null || !r.symbol().equals(source.endSymbol)) {
      previous = lastTime.computeIfAbsent(r.symbol(), k -> new long[] {Long.MIN_VALUE});
      source.endSymbol = r.symbol();
      source.symbolEnd = previous;
    }
    long lastEnd = previous[0];
    previous[0] = r.end();
    if (problem == null && lastEnd != Long.MIN_VALUE && r.time() < lastEnd) {
      problem =
          "it starts before the previous bar of "
              + r.symbol()
              + " ends ("
              + Instant.ofEpochMilli(lastEnd)
              + "): bars out of time order, or bars closer than the source's timeframe ("
              + Duration.ofMillis(r.timeframeMillis())
              + "); declare the source with its real timeframe";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "bar of "
              + r.symbol()
              + " at "
              + Instant.ofEpochMilli(r.time())
              + " from connector '"
              + source.name
              + "': "
              + problem);
    }
  }

  private boolean allDone() {
    return running == 0;
  }

  private boolean allEmpty() {
    return waitingSources == 0;
  }

  /** A connector's state: its bars waiting to be merged, and for a trade source, its builder. */
  private static final class Source {
    final String name;
    final long timeframe;
    final TradeBars builder;

    /** Raw bars and bar batches after the first, in arrival order. */
    final ArrayDeque<MarketData> waiting = new ArrayDeque<>();

    /**
     * The first raw bar or batch waiting, or null if none: kept out of {@link #waiting} so that a
     * bar costs no trip through the queue (with many sources, each such trip is a cache miss).
     */
    MarketData head;

    /** The index of the first waiting bar in the first batch, if the first item is a batch. */
    int cursor;

    boolean done;
    String symbol;

    /** Its place in the order of declaration, the last tie-breaker. */
    int rank;

    /** The symbol of its last bar checked, and that symbol's slot in {@code lastTime}. */
    String endSymbol;

    long[] symbolEnd;

    /** A source of bars of this length (milliseconds), or of trades to build them from. */
    Source(String name, long timeframe, boolean trades) {
      this.name = name;
      this.timeframe = timeframe;
      this.builder =
          !trades
              ? null
              : new TradeBars(
                  Duration.ofMillis(timeframe),
                  (start, o, h, l, c, v) ->
                      add(new MarketData.RawBar(name, symbol, start, o, h, l, c, v)));
    }

    /** Whether no bar waits. */
    boolean empty() {
      return head == null;
    }

    void add(MarketData bars) {
      if (head == null) {
        head = bars;
        if (bars instanceof MarketData.BarBatch b) {
          cursor = b.from();
        }
      } else {
        waiting.addLast(bars);
      }
    }

    long headTime() {
      return head instanceof MarketData.BarBatch b
          ? b.time()[cursor]
          : ((MarketData.RawBar) head).time();
    }

    /** Removes the first waiting bar. */
    void advance() {
      if (head instanceof MarketData.BarBatch b && ++cursor < b.to()) {
        return;
      }
      head = waiting.pollFirst();
      if (head instanceof MarketData.BarBatch b) {
        cursor = b.from();
      }
    }

    @Override
    public String toString() {
      Duration length = Duration.ofMillis(timeframe);
      return builder == null
          ? name + " (" + length + " bars)"
          : name + " (trades to " + length + " bars)";
    }
  }
}
