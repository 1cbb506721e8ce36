package dev.quarry.notebook;

import dev.quarry.backtest.BacktestResult;
import dev.quarry.backtest.Metrics;
import dev.quarry.backtest.Report;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * Notebook integration: makes Quarry values show as HTML in a Java Jupyter kernel.
 *
 * <p>Call {@link #install()} once in a notebook; afterwards a cell that ends in a {@code
 * PipelineContext}, {@code Plan}, {@code RunReport} (anything {@link HtmlRenderable}), a Tablesaw
 * {@code Table} (its first rows, scrolling sideways when wide), a backtest's {@link Metrics}
 * (formatted as {@code backtest} prints them: percent, ratios) or a {@link BacktestResult} (its
 * report, {@link Report#fragment}) shows as HTML. The library has no compile-time dependency on any
 * kernel: the IJava renderer is reached reflectively, and outside a kernel {@code install()} does
 * nothing ({@link #installed()} tells).
 */
public final class Notebook {
  private static final String IJAVA = "io.github.spencerpark.ijava.IJava";
  private static final String RENDER_FUNCTION =
      "io.github.spencerpark.jupyter.kernel.display.RenderFunction";

  /** Rows of a Tablesaw table shown by the notebook renderer. */
  static final int TABLE_ROWS = 20;

  private static volatile boolean installed;

  private Notebook() {}

  /**
   * How a type shows: its HTML and its plain text.
   *
   * @param type the values' type
   * @param html the HTML of a value
   * @param text the plain text of a value, for front ends without HTML
   */
  record Renderer(Class<?> type, Function<Object, String> html, Function<Object, String> text) {}

  /**
   * The renderers {@link #install()} registers, in order.
   *
   * @return one per type
   */
  static List<Renderer> renderers() {
    return List.of(
        new Renderer(HtmlRenderable.class, v -> ((HtmlRenderable) v).toHtml(), String::valueOf),
        new Renderer(
            Table.class,
            v -> {
              Table table = (Table) v;
              return "<div>"
                  + Html.escape(Summaries.text(table))
                  + "</div>"
                  + Summaries.tableHtml(table, TABLE_ROWS);
            },
            String::valueOf),
        new Renderer(
            Metrics.class, v -> MetricsHtml.html((Metrics) v), v -> MetricsHtml.text((Metrics) v)),
        new Renderer(
            BacktestResult.class,
            v -> Report.fragment((BacktestResult) v),
            v -> {
              BacktestResult r = (BacktestResult) v;
              return r.headline() + "\n" + MetricsHtml.text(r.metrics());
            }));
  }

  /**
   * Registers HTML renderers with the running IJava kernel; outside a kernel does nothing. Returns
   * nothing, so that the cell calling it shows no value.
   *
   * @throws IllegalStateException if a kernel is present but refused the registration
   */
  public static void install() {
    Object renderer;
    Class<?> renderFunction;
    try {
      ClassLoader loader = Notebook.class.getClassLoader();
      Class<?> ijava = Class.forName(IJAVA, true, loader);
      Object kernel = ijava.getMethod("getKernelInstance").invoke(null);
      if (kernel == null) {
        return;
      }
      renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
      renderFunction = Class.forName(RENDER_FUNCTION, true, renderer.getClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      return;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("IJava kernel found but its renderer is not reachable", e);
    }
    for (Renderer r : renderers()) {
      register(renderer, renderFunction, r);
    }
    installed = true;
  }

  /**
   * Whether {@link #install()} found a kernel and registered the renderers.
   *
   * @return true inside an IJava kernel after {@code install()}, false otherwise
   */
  public static boolean installed() {
    return installed;
  }

  private static void register(Object renderer, Class<?> renderFunction, Renderer r) {
    Class<?> type = r.type();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "QuarryHtmlRenderer[" + type.getSimpleName() + "]";
            };
          }
          Object value = args[0];
          Object context = args[1];
          Object output = context.getClass().getMethod("getOutputContainer").invoke(context);
          output
              .getClass()
              .getMethod("putHTML", String.class)
              .invoke(output, r.html().apply(value));
          output
              .getClass()
              .getMethod("putText", String.class)
              .invoke(output, r.text().apply(value));
          return null;
        };
    Object function =
        Proxy.newProxyInstance(
            renderFunction.getClassLoader(), new Class<?>[] {renderFunction}, handler);
    try {
      Object registration =
          renderer.getClass().getMethod("createRegistration", Class.class).invoke(renderer, type);
      Method preferring = registration.getClass().getMethod("preferring", String[].class);
      registration = preferring.invoke(registration, (Object) new String[] {"text/html"});
      registration.getClass().getMethod("register", renderFunction).invoke(registration, function);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "IJava kernel refused the HTML renderer for " + type.getName(), e);
    }
  }
}
