package dev.quarry.backtest;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Loads a strategy given as a class name or as a {@code .java} file, for {@code backtest
 * --strategy}. The class extends {@link BarStrategy} and has a public constructor taking a {@code
 * Map<String, String>} of parameters, or a public no-argument one (then no parameter may be given).
 * A {@code .java} file is compiled with the running JDK's compiler against the current class path;
 * its classes take precedence over classes of the same name already loaded.
 */
public final class StrategyLoader {
  private static final Pattern PACKAGE =
      Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  private StrategyLoader() {}

  /**
   * Loads and instantiates a strategy.
   *
   * @param spec a class name ({@code com.example.MyStrategy}) or a path ending in {@code .java}
   * @param params the parameters, possibly empty
   * @return the strategy
   * @throws IllegalArgumentException if it cannot be found, compiled or made, with the reason
   */
  public static BarStrategy load(String spec, Map<String, String> params) {
    Class<?> type = spec.endsWith(".java") ? compile(Path.of(spec)) : byName(spec);
    if (!BarStrategy.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          type.getName() + " is not a strategy: it must extend " + BarStrategy.class.getName());
    }
    try {
      try {
        Constructor<?> withParams = type.getConstructor(Map.class);
        return (BarStrategy) withParams.newInstance(Map.copyOf(params));
      } catch (NoSuchMethodException e) {
        if (!params.isEmpty()) {
          throw new IllegalArgumentException(
              type.getName()
                  + " takes no parameters (it has no public constructor taking a Map<String,"
                  + " String>), but got "
                  + params.keySet(),
              e);
        }
        return (BarStrategy) type.getConstructor().newInstance();
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          type.getName()
              + " needs a public constructor taking a Map<String, String> of parameters, or a"
              + " public one without arguments",
          e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(
          "could not make strategy " + type.getName() + ": " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("could not make strategy " + type.getName() + ": " + e, e);
    }
  }

  private static Class<?> byName(String name) {
    try {
      return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "no class "
              + name
              + " on the class path; give a sample name, a class name or a .java file",
          e);
    }
  }

  private static Class<?> compile(Path source) {
    if (!Files.isRegularFile(source)) {
      throw new IllegalArgumentException("strategy file " + source + " does not exist");
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalArgumentException(
          "compiling " + source + " needs a JDK (this Java has no compiler): run with a JDK");
    }
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + source + ": " + e.getMessage(), e);
    }
    String simple = source.getFileName().toString().replaceFirst("\\.java$", "");
    Matcher m = PACKAGE.matcher(text);
    String name = m.find() ? m.group(1) + "." + simple : simple;
    Path out;
    try {
      out = Files.createTempDirectory("quarry-strategy");
      out.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a folder to compile into: " + e, e);
    }
    StringWriter diagnostics = new StringWriter();
    int rc =
        javac
                .getTask(
                    diagnostics,
                    null,
                    null,
                    List.of(
                        "-d",
                        out.toString(),
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-proc:none",
                        "-encoding",
                        "UTF-8"),
                    null,
                    javac
                        .getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(source))
                .call()
            ? 0
            : 1;
    if (rc != 0) {
      throw new IllegalArgumentException(
          "strategy file " + source + " does not compile:\n" + diagnostics.toString().strip());
    }
    try {
      ClassLoader loader =
          new ChildFirst(new URL[] {out.toUri().toURL()}, StrategyLoader.class.getClassLoader());
      return Class.forName(name, true, loader);
    } catch (MalformedURLException | ClassNotFoundException e) {
      throw new IllegalArgumentException(
          source + " compiled, but it has no class " + name + " (name the file after its class)",
          e);
    }
  }

  /** Finds classes in its own folder before asking its parent. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && findResource(name.replace('.', '/') + ".class") != null) {
          c = findClass(name);
        }
        if (c == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
