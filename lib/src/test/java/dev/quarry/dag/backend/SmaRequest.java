package dev.quarry.dag.backend;

import java.util.List;

/** Input of the sample {@code sma} operation. */
record SmaRequest(List<Double> values, int window) {}
