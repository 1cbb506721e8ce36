package dev.quarry.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quarry.bars.Indicators;
import dev.quarry.dag.backend.Backend;
import dev.quarry.dag.backend.Handlers;
import dev.quarry.dag.backend.Provider;
import dev.quarry.dag.backend.Worker;
import java.util.Arrays;

/**
 * A typed facade for indicator maths, the Provider layer of the sample pipeline.
 *
 * <p>The {@code features} node calls {@link #sma}; where the work runs is the backend's business:
 * {@link #inProcess()} computes in this JVM, {@code new IndicatorProvider(Backend.jvm(
 * IndicatorProvider.class))} in a child JVM (this class's {@link #main} serves the same handlers),
 * and {@code Backend.http(...)} behind an {@code HttpWorker}. Results are identical.
 */
public final class IndicatorProvider extends Provider {
  /**
   * The request of the {@code sma} operation.
   *
   * @param values the series
   * @param window the SMA window
   */
  public record SmaRequest(double[] values, int window) {}

  /**
   * Creates the provider over a backend that serves {@link #handlers()}.
   *
   * @param backend where the operations run
   */
  public IndicatorProvider(Backend backend) {
    super(backend);
  }

  /**
   * Returns a provider computing in this JVM.
   *
   * @return an in-process provider
   */
  public static IndicatorProvider inProcess() {
    return new IndicatorProvider(Backend.inProcess(handlers()));
  }

  /**
   * Returns the operations this provider needs, for any backend to serve.
   *
   * @return the {@code sma} handler
   */
  public static Handlers handlers() {
    return Handlers.builder()
        .add(
            "sma",
            input -> {
              double[] values = new double[input.get("values").size()];
              for (int i = 0; i < values.length; i++) {
                values[i] = input.get("values").get(i).doubleValue();
              }
              double[] sma = Indicators.sma(values, input.get("window").intValue());
              // JSON has no NaN: send only the defined part, from the window-th value on.
              ArrayNode defined = JsonNodeFactory.instance.arrayNode();
              for (int i = input.get("window").intValue() - 1; i < sma.length; i++) {
                defined.add(sma[i]);
              }
              return defined;
            })
        .build();
  }

  /**
   * Serves {@link #handlers()} as a subprocess worker (one request on stdin, one reply on stdout).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Worker.serve(handlers());
  }

  /**
   * Simple moving average with the conventions of {@link Indicators#sma}.
   *
   * @param values the series
   * @param window the window, at least 1
   * @return the SMA, {@code NaN} before the window-th value
   */
  public double[] sma(double[] values, int window) {
    double[] defined = call("sma", new SmaRequest(values, window), double[].class);
    double[] result = new double[values.length];
    Arrays.fill(result, Double.NaN);
    System.arraycopy(defined, 0, result, values.length - defined.length, defined.length);
    return result;
  }
}
