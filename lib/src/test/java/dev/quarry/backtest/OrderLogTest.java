package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.engine.Order;
import dev.quarry.engine.OrderType;
import dev.quarry.engine.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The orders' columns give back every field of every order, across chunks, and list them by id
 * whatever the order they settled in.
 */
class OrderLogTest {
  private static Order order(long id, Random random) {
    return new Order(
        id,
        "s" + random.nextInt(3),
        1_700_000_000_000L + id * 60_000,
        "SYM" + random.nextInt(5),
        Side.values()[random.nextInt(Side.values().length)],
        OrderType.values()[random.nextInt(OrderType.values().length)],
        random.nextBoolean() ? Double.NaN : random.nextDouble() * 10,
        random.nextDouble() * 100,
        random.nextBoolean() ? Double.NaN : random.nextDouble() * 100,
        Order.Status.values()[random.nextInt(Order.Status.values().length)],
        random.nextBoolean() ? "" : "reason " + id);
  }

  @Test
  void everyFieldComesBackByIdAcrossChunks() {
    Random random = new Random(17);
    int n = 3 * 4096 + 123;
    List<Long> ids = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      ids.add(id);
    }
    Collections.shuffle(ids, random);
    OrderLog log = new OrderLog();
    Order[] orders = new Order[n + 1];
    double[] fills = new double[n + 1];
    for (long id : ids) {
      Order o = order(id, random);
      orders[(int) id] = o;
      if (id % 3 == 0) {
        log.addUnfilled(o, "entry");
        fills[(int) id] = Double.NaN;
      } else {
        fills[(int) id] = random.nextDouble();
        log.add(o, "stop-loss", o.time() + 1, fills[(int) id], 2 * id, 0.5, 0.25);
      }
    }
    assertEquals(n, log.size());
    int[] rows = log.byId();
    assertEquals(n, rows.length);
    for (int i = 0; i < n; i++) {
      int row = rows[i];
      Order o = orders[i + 1];
      assertEquals(i + 1, log.id(row));
      assertEquals(o.strategy(), log.strategy(row));
      assertEquals(o.time(), log.time(row));
      assertEquals(o.symbol(), log.symbol(row));
      assertEquals(o.side(), log.side(row));
      assertEquals(o.type(), log.type(row));
      assertEquals(o.quantity(), log.quantity(row));
      assertEquals(o.limitPrice(), log.limit(row));
      assertEquals(o.stopPrice(), log.stop(row));
      assertEquals(o.status(), log.status(row));
      assertEquals(o.reason(), log.reason(row));
      boolean unfilled = (i + 1) % 3 == 0;
      assertEquals(unfilled ? "entry" : "stop-loss", log.role(row));
      assertEquals(unfilled ? Long.MIN_VALUE : o.time() + 1, log.fillTime(row));
      assertEquals(fills[i + 1], log.fillPrice(row));
      assertEquals(unfilled ? Double.NaN : 2.0 * (i + 1), log.fillQuantity(row));
      assertEquals(unfilled ? Double.NaN : 0.5, log.fee(row));
      assertEquals(unfilled ? Double.NaN : 0.25, log.slippage(row));
    }
  }

  @Test
  void anIdBeyondWhatTheSortPacksIsRefused() {
    OrderLog log = new OrderLog();
    log.addUnfilled(order(1L << 32, new Random(1)), "entry");
    IllegalStateException e = assertThrows(IllegalStateException.class, log::byId);
    assertTrue(e.getMessage().contains("outside [0, 2^32)"), e.getMessage());
  }
}
