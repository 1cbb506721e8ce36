package dev.quarry.backtest;

import dev.quarry.engine.Order;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settled orders of a run, as columns: an order as settled, what it was for ({@link
 * PendingOrder#role}), and its fill (time, price, quantity, commission and slippage cost; missing
 * values without one). A universe backtest settles millions of orders; kept as an {@link Order} and
 * a row object each, they were 144 bytes and two objects an order, which every full collection
 * marks again. Here an order is a place in chunks of primitive columns (about 100 bytes, no object
 * of its own), and the table is built from the columns.
 */
final class OrderLog {
  /** Rows per chunk: chunks, not one growing array, so that no copy doubles the memory. */
  private static final int CHUNK = 4096;

  private static final Side[] SIDES = Side.values();
  private static final OrderType[] TYPES = OrderType.values();
  private static final Order.Status[] STATUSES = Order.Status.values();

  /** One chunk of rows, column by column. */
  private static final class Chunk {
    final long[] id = new long[CHUNK];
    final long[] time = new long[CHUNK];
    final long[] fillTime = new long[CHUNK];
    final double[] quantity = new double[CHUNK];
    final double[] limit = new double[CHUNK];
    final double[] stop = new double[CHUNK];
    final double[] fillPrice = new double[CHUNK];
    final double[] fillQuantity = new double[CHUNK];
    final double[] fee = new double[CHUNK];
    final double[] slippage = new double[CHUNK];
    final String[] strategy = new String[CHUNK];
    final String[] symbol = new String[CHUNK];
    final String[] reason = new String[CHUNK];
    final String[] role = new String[CHUNK];
    final byte[] side = new byte[CHUNK];
    final byte[] type = new byte[CHUNK];
    final byte[] status = new byte[CHUNK];
  }

  private final List<Chunk> chunks = new ArrayList<>();
  private int size;

  /**
   * Adds a settled order and its fill.
   *
   * @param order the order as settled
   * @param role what it was for
   * @param fillTime the fill's time, or {@link Long#MIN_VALUE} without a fill
   * @param fillPrice the fill's price, {@code NaN} without one
   * @param fillQuantity the quantity filled, {@code NaN} without a fill
   * @param fee the commission, {@code NaN} without a fill
   * @param slippage the slippage cost, {@code NaN} without a fill
   */
  void add(
      Order order,
      String role,
      long fillTime,
      double fillPrice,
      double fillQuantity,
      double fee,
      double slippage) {
    int at = size % CHUNK;
    if (at == 0) {
      chunks.add(new Chunk());
    }
    Chunk c = chunks.get(chunks.size() - 1);
    c.id[at] = order.id();
    c.time[at] = order.time();
    c.fillTime[at] = fillTime;
    c.quantity[at] = order.quantity();
    c.limit[at] = order.limitPrice();
    c.stop[at] = order.stopPrice();
    c.fillPrice[at] = fillPrice;
    c.fillQuantity[at] = fillQuantity;
    c.fee[at] = fee;
    c.slippage[at] = slippage;
    c.strategy[at] = order.strategy();
    c.symbol[at] = order.symbol();
    c.reason[at] = order.reason();
    c.role[at] = role;
    c.side[at] = (byte) order.side().ordinal();
    c.type[at] = (byte) order.type().ordinal();
    c.status[at] = (byte) order.status().ordinal();
    size++;
  }

  /**
   * Adds an order settled without a fill.
   *
   * @param order the order as settled
   * @param role what it was for
   */
  void addUnfilled(Order order, String role) {
    add(order, role, Long.MIN_VALUE, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * How many orders are kept.
   *
   * @return the count
   */
  int size() {
    return size;
  }

  /**
   * The rows in the order of their ids (orders settle out of order: a limit order waits while later
   * market orders fill).
   *
   * @return row positions, by id
   */
  int[] byId() {
    // Sort (id, position) pairs packed in one long: ids are below 2^32 (counted from 1 per run),
    // positions below 2^31.
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      long id = id(i);
      if (id < 0 || id >= 1L << 32) {
        throw new IllegalStateException("order id " + id + " is outside [0, 2^32)");
      }
      keys[i] = id << 31 | i;
    }
    Arrays.sort(keys);
    int[] rows = new int[size];
    for (int i = 0; i < size; i++) {
      rows[i] = (int) (keys[i] & Integer.MAX_VALUE);
    }
    return rows;
  }

  private Chunk chunk(int row) {
    return chunks.get(row / CHUNK);
  }

  // The columns' values at a row position (not an id): the order's, then its fill's.

  long id(int row) {
    return chunk(row).id[row % CHUNK];
  }

  long time(int row) {
    return chunk(row).time[row % CHUNK];
  }

  long fillTime(int row) {
    return chunk(row).fillTime[row % CHUNK];
  }

  double quantity(int row) {
    return chunk(row).quantity[row % CHUNK];
  }

  double limit(int row) {
    return chunk(row).limit[row % CHUNK];
  }

  double stop(int row) {
    return chunk(row).stop[row % CHUNK];
  }

  double fillPrice(int row) {
    return chunk(row).fillPrice[row % CHUNK];
  }

  double fillQuantity(int row) {
    return chunk(row).fillQuantity[row % CHUNK];
  }

  double fee(int row) {
    return chunk(row).fee[row % CHUNK];
  }

  double slippage(int row) {
    return chunk(row).slippage[row % CHUNK];
  }

  String strategy(int row) {
    return chunk(row).strategy[row % CHUNK];
  }

  String symbol(int row) {
    return chunk(row).symbol[row % CHUNK];
  }

  String reason(int row) {
    return chunk(row).reason[row % CHUNK];
  }

  String role(int row) {
    return chunk(row).role[row % CHUNK];
  }

  Side side(int row) {
    return SIDES[chunk(row).side[row % CHUNK]];
  }

  OrderType type(int row) {
    return TYPES[chunk(row).type[row % CHUNK]];
  }

  Order.Status status(int row) {
    return STATUSES[chunk(row).status[row % CHUNK]];
  }
}
