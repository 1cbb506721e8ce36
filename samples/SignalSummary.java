package dev.quarry.samples;

import java.time.Instant;

/**
 * What the sample pipeline concludes from its bars and crossover signals.
 *
 * @param bars number of bars analysed
 * @param from first bar's start
 * @param to last bar's start
 * @param crossesUp bars where the fast SMA crossed above the slow one
 * @param crossesDown bars where the fast SMA crossed below the slow one
 * @param lastClose the last bar's close
 */
public record SignalSummary(
    int bars, Instant from, Instant to, int crossesUp, int crossesDown, double lastClose) {}
