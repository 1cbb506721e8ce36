package dev.quarry.store;

import java.time.LocalDate;
import tech.tablesaw.columns.dates.PackedLocalDate;

/**
 * Epoch milliseconds to the long an {@link tech.tablesaw.api.InstantColumn} stores, without an
 * {@code Instant} per value.
 *
 * <p>Tablesaw 0.43.1 packs an instant as its UTC date ({@link PackedLocalDate}, high 32 bits) and
 * time of day (low 32 bits: hour, minute, then the millisecond of the minute in the low 16 bits, as
 * {@code PackedLocalTime} lays them out). The date comes from Tablesaw itself, once per day met;
 * the time is computed here. {@code InstantPackerTest} checks both against {@code
 * PackedInstant.pack(Instant)} over the whole range of epoch milliseconds.
 *
 * <p>Not thread-safe: it remembers the last day.
 */
final class InstantPacker {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final int MILLIS_PER_MINUTE = 60_000;

  private long day = Long.MIN_VALUE;
  private long packedDate;

  /** The packed instant of {@code epochMilli}. */
  long pack(long epochMilli) {
    long d = Math.floorDiv(epochMilli, MILLIS_PER_DAY);
    if (d != day) {
      day = d;
      packedDate = (long) PackedLocalDate.pack(LocalDate.ofEpochDay(d)) << 32;
    }
    int milliOfDay = (int) Math.floorMod(epochMilli, MILLIS_PER_DAY);
    int minuteOfDay = milliOfDay / MILLIS_PER_MINUTE;
    int time =
        (minuteOfDay / 60) << 24 | (minuteOfDay % 60) << 16 | (milliOfDay % MILLIS_PER_MINUTE);
    return packedDate | (time & 0xffffffffL);
  }
}
