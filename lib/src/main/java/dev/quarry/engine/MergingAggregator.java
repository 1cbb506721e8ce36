package dev.quarry.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Merges the bars of several connectors into one stream in time order, numbering them.
 *
 * <p>A bar is published only when every connector that is not done has a bar waiting, so no later
 * bar can still arrive with an earlier time: the merge is exact whatever the connectors' speed.
 * Bars with the same time are published in the order the connectors were given. Each bar is checked
 * on the way (finite prices, {@code low ≤ open, close ≤ high}, volume ≥ 0, time increasing per
 * symbol); a bad bar stops the engine with an error naming the connector, symbol and time. After
 * the last bar it publishes {@link EndOfData}.
 */
public final class MergingAggregator implements Aggregator {
  private final Map<String, ArrayDeque<MarketData.RawBar>> waiting = new LinkedHashMap<>();
  private final Map<String, Boolean> done = new HashMap<>();
  private final Map<String, Long> lastTime = new HashMap<>();
  private Subscription<MarketData.RawBar> raw;
  private Subscription<MarketData.SourceDone> finished;
  private long seq;

  /**
   * An aggregator over these connectors, named as their {@link Task#name()}.
   *
   * @param sources the connectors' names, in tie-breaking order
   */
  public MergingAggregator(List<String> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("an aggregator needs at least one source");
    }
    for (String source : sources) {
      if (waiting.put(source, new ArrayDeque<>()) != null) {
        throw new IllegalArgumentException("source '" + source + "' is listed twice");
      }
      done.put(source, false);
    }
  }

  @Override
  public void initialize(TaskContext context) {
    raw = context.subscribe(MarketData.RawBar.class);
    finished = context.subscribe(MarketData.SourceDone.class);
  }

  @Override
  public Progress execute(TaskContext context) throws InterruptedException {
    boolean moved = take();
    int published = 0;
    while (ready()) {
      publish(context, next());
      published++;
    }
    if (allDone() && allEmpty()) {
      context.publish(new EndOfData(seq));
      return Progress.DONE;
    }
    if (!moved && published == 0) {
      // Nothing to do yet: wait a little for a connector (returns at once when simulated).
      MarketData.RawBar first = raw.poll(1, TimeUnit.MILLISECONDS);
      if (first != null) {
        queue(first);
      }
    }
    return Progress.MORE;
  }

  private boolean take() {
    boolean moved = false;
    for (MarketData.RawBar bar = raw.poll(); bar != null; bar = raw.poll()) {
      queue(bar);
      moved = true;
    }
    for (MarketData.SourceDone d = finished.poll(); d != null; d = finished.poll()) {
      known(d.source());
      done.put(d.source(), true);
      moved = true;
    }
    return moved;
  }

  private void queue(MarketData.RawBar bar) {
    known(bar.source());
    waiting.get(bar.source()).add(bar);
  }

  private void known(String source) {
    if (!waiting.containsKey(source)) {
      throw new IllegalStateException(
          "data from connector '"
              + source
              + "', which this aggregator does not merge; it merges "
              + waiting.keySet());
    }
  }

  /** Every source not done has a bar waiting, and some bar waits. */
  private boolean ready() {
    boolean any = false;
    for (Map.Entry<String, ArrayDeque<MarketData.RawBar>> e : waiting.entrySet()) {
      if (e.getValue().isEmpty()) {
        if (!done.get(e.getKey())) {
          return false;
        }
      } else {
        any = true;
      }
    }
    return any;
  }

  /** The earliest waiting bar; ties go to the first source. */
  private MarketData.RawBar next() {
    ArrayDeque<MarketData.RawBar> best = null;
    for (ArrayDeque<MarketData.RawBar> q : waiting.values()) {
      if (!q.isEmpty() && (best == null || q.peek().time() < best.peek().time())) {
        best = q;
      }
    }
    return best.poll();
  }

  private void publish(TaskContext context, MarketData.RawBar r) {
    check(r);
    context.publish(
        new Bar(seq++, r.symbol(), r.time(), r.open(), r.high(), r.low(), r.close(), r.volume()));
  }

  private void check(MarketData.RawBar r) {
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
    Long last = lastTime.put(r.symbol(), r.time());
    if (problem == null && last != null && r.time() <= last) {
      problem = "its time is not after the previous bar's (" + Instant.ofEpochMilli(last) + ")";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "bar of "
              + r.symbol()
              + " at "
              + Instant.ofEpochMilli(r.time())
              + " from connector '"
              + r.source()
              + "': "
              + problem);
    }
  }

  private boolean allDone() {
    return !done.containsValue(false);
  }

  private boolean allEmpty() {
    for (ArrayDeque<MarketData.RawBar> q : waiting.values()) {
      if (!q.isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
