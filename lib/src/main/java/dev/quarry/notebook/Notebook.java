package dev.quarry.notebook;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * Notebook integration: makes Quarry values show as HTML in a Java Jupyter kernel.
 *
 * <p>Call {@link #install()} once in a notebook; afterwards a cell that ends in a {@code
 * PipelineContext}, {@code Plan}, {@code RunReport} (anything {@link HtmlRenderable}) or a Tablesaw
 * {@code Table} shows an HTML table. The library has no compile-time dependency on any kernel: the
 * IJava renderer is reached reflectively, and outside a kernel {@code install()} does nothing and
 * returns false.
 */
public final class Notebook {
  private static final String IJAVA = "io.github.spencerpark.ijava.IJava";
  private static final String RENDER_FUNCTION =
      "io.github.spencerpark.jupyter.kernel.display.RenderFunction";

  /** Rows of a Tablesaw table shown by the notebook renderer. */
  static final int TABLE_ROWS = 20;

  private Notebook() {}

  /**
   * Registers HTML renderers with the running IJava kernel.
   *
   * @return true if a kernel was found and the renderers registered, false outside a kernel
   * @throws IllegalStateException if a kernel is present but refused the registration
   */
  public static boolean install() {
    Object renderer;
    Class<?> renderFunction;
    try {
      ClassLoader loader = Notebook.class.getClassLoader();
      Class<?> ijava = Class.forName(IJAVA, true, loader);
      Object kernel = ijava.getMethod("getKernelInstance").invoke(null);
      if (kernel == null) {
        return false;
      }
      renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
      renderFunction = Class.forName(RENDER_FUNCTION, true, renderer.getClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      return false;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("IJava kernel found but its renderer is not reachable", e);
    }
    register(renderer, renderFunction, HtmlRenderable.class, v -> ((HtmlRenderable) v).toHtml());
    register(
        renderer,
        renderFunction,
        Table.class,
        v -> {
          Table table = (Table) v;
          return "<div>"
              + Html.escape(Summaries.text(table))
              + "</div>"
              + Summaries.tableHtml(table, TABLE_ROWS);
        });
    return true;
  }

  private static void register(
      Object renderer, Class<?> renderFunction, Class<?> type, Function<Object, String> html) {
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
          output.getClass().getMethod("putHTML", String.class).invoke(output, html.apply(value));
          output
              .getClass()
              .getMethod("putText", String.class)
              .invoke(output, String.valueOf(value));
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
