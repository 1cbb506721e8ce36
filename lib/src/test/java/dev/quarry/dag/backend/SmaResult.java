package dev.quarry.dag.backend;

import java.util.List;

/** Output of the sample {@code sma} operation: one average per full window. */
record SmaResult(List<Double> averages) {}
