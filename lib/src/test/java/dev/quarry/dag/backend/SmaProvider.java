package dev.quarry.dag.backend;

import java.util.List;

/** The sample typed facade: a simple moving average, wherever the backend runs it. */
final class SmaProvider extends Provider {
  SmaProvider(Backend backend) {
    super(backend);
  }

  SmaResult sma(List<Double> values, int window) {
    return call("sma", new SmaRequest(values, window), SmaResult.class);
  }
}
