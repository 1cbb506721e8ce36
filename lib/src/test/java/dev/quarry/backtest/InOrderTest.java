package dev.quarry.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class InOrderTest {
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void resultsComeInTheTasksOrderWhateverOrderTheyFinishIn() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Supplier<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int index = i;
      tasks.add(
          () -> {
            threads.add(Thread.currentThread().getName());
            sleep((12 - index) * 3L); // the later tasks finish first
            return index * index;
          });
    }
    List<Integer> results = InOrder.run(tasks, 3, "test");
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      expected.add(i * i);
    }
    assertEquals(expected, results);
    assertEquals(3, threads.size(), threads.toString());
    assertTrue(threads.stream().allMatch(t -> t.startsWith("test-")), threads.toString());
  }

  @Test
  void oneThreadRunsTheTasksInOrderOnTheCallersThread() {
    List<String> seen = new ArrayList<>();
    List<Supplier<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int index = i;
      tasks.add(
          () -> {
            seen.add(index + "@" + Thread.currentThread().getName());
            return index;
          });
    }
    assertEquals(List.of(0, 1, 2, 3), InOrder.run(tasks, 1, "test"));
    String caller = Thread.currentThread().getName();
    assertEquals(List.of("0@" + caller, "1@" + caller, "2@" + caller, "3@" + caller), seen);
  }

  @Test
  void aFailureIsThrownAsItWasAndStopsTheTasksNotStartedYet() {
    IllegalStateException boom = new IllegalStateException("trial 2 failed");
    AtomicInteger ran = new AtomicInteger();
    List<Supplier<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int index = i;
      tasks.add(
          () -> {
            ran.incrementAndGet();
            if (index == 2) {
              throw boom;
            }
            sleep(5);
            return index;
          });
    }
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> InOrder.run(tasks, 3, "test"));
    assertSame(boom, thrown);
    assertTrue(ran.get() < 200, "the tasks queued after the failure did not run: " + ran.get());
  }

  @Test
  void noThreadIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> InOrder.run(List.of(() -> 1), 0, "test"));
    assertTrue(e.getMessage().contains("at least 1 thread, got 0"), e.getMessage());
  }
}
