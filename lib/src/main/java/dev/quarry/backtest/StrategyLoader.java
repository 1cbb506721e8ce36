package dev.quarry.backtest;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Loads a strategy given as a class name or as a {@code .java} file, for {@code backtest
 * --strategy}. The class extends {@link BarStrategy} and has a public constructor taking a {@code
 * Map<String, String>} of parameters, or a public no-argument one (then no parameter may be given).
 * A {@code .java} file (or its text, {@link #loadSource}) is compiled with the running JDK's
 * compiler against the class path Quarry was loaded from (its class loaders, not only {@code
 * java.class.path}), once per text; its classes take precedence over classes of the same name
 * already loaded.
 */
public final class StrategyLoader {
  private static final Pattern PACKAGE =
      Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  private static final Map<String, Class<?>> COMPILED = new ConcurrentHashMap<>();

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
    return make(spec.endsWith(".java") ? compile(Path.of(spec)) : byName(spec), params);
  }

  private static BarStrategy make(Class<?> type, Map<String, String> params) {
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
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + source + ": " + e.getMessage(), e);
    }
    return compile(source.getFileName().toString(), text, source.toString());
  }

  /**
   * Compiles a strategy's source text and makes it, as {@link #load} does for a {@code .java} file:
   * for processes that receive the text rather than the file (a cluster's executors).
   *
   * @param fileName the file's name, {@code MyStrategy.java} (the class is named after it)
   * @param source the file's text
   * @param params the parameters, possibly empty
   * @return the strategy
   * @throws IllegalArgumentException if it does not compile or cannot be made, with the reason
   */
  public static BarStrategy loadSource(String fileName, String source, Map<String, String> params) {
    if (!fileName.endsWith(".java") || fileName.contains("/") || fileName.contains("\\")) {
      throw new IllegalArgumentException(
          "strategy source name '" + fileName + "' is not a file name ending in .java");
    }
    return make(compile(fileName, source, fileName), params);
  }

  /**
   * Compiles a class once per text: the same text (by SHA-256, with its file name) gives the same
   * class, so a grid's trials, or a cluster task's, compile it once.
   */
  private static Class<?> compile(String fileName, String text, String where) {
    String key = sha256(fileName + "\n" + text);
    Class<?> cached = COMPILED.get(key);
    if (cached != null) {
      return cached;
    }
    synchronized (COMPILED) {
      return COMPILED.computeIfAbsent(key, k -> compileNow(fileName, text, where));
    }
  }

  private static Class<?> compileNow(String fileName, String text, String where) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalArgumentException(
          "compiling " + where + " needs a JDK (this Java has no compiler): run with a JDK");
    }
    String simple = fileName.replaceFirst("\\.java$", "");
    Matcher m = PACKAGE.matcher(text);
    String name = m.find() ? m.group(1) + "." + simple : simple;
    Path out;
    Path src;
    try {
      out = Files.createTempDirectory("quarry-strategy");
      out.toFile().deleteOnExit();
      src = Files.createTempDirectory("quarry-strategy-src").resolve(fileName);
      Files.writeString(src, text, StandardCharsets.UTF_8);
      src.toFile().deleteOnExit();
      src.getParent().toFile().deleteOnExit();
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a folder to compile into: " + e, e);
    }
    StringWriter diagnostics = new StringWriter();
    ClassLoader parent = StrategyLoader.class.getClassLoader();
    boolean compiled =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of(
                    "-d",
                    out.toString(),
                    "-classpath",
                    classPath(parent),
                    "-proc:none",
                    "-encoding",
                    "UTF-8"),
                null,
                javac
                    .getStandardFileManager(null, null, StandardCharsets.UTF_8)
                    .getJavaFileObjects(src))
            .call();
    if (!compiled) {
      throw new IllegalArgumentException(
          "strategy file "
              + where
              + " does not compile:\n"
              + diagnostics.toString().replace(src.toString(), where).strip());
    }
    try {
      ClassLoader loader = new ChildFirst(new URL[] {out.toUri().toURL()}, parent);
      return Class.forName(name, true, loader);
    } catch (MalformedURLException | ClassNotFoundException e) {
      throw new IllegalArgumentException(
          where + " compiled, but it has no class " + name + " (name the file after its class)", e);
    }
  }

  /**
   * The class path to compile a strategy against: the JVM's ({@code java.class.path}) and every
   * folder or jar of the class loaders Quarry was loaded by, with Quarry's and Tablesaw's own jars.
   * Under {@code spark-submit} or in a notebook kernel, Quarry comes from a class loader of its
   * own, not from {@code java.class.path}.
   */
  static String classPath(ClassLoader loader) {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(entry);
      }
    }
    for (ClassLoader l = loader; l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          fileOf(url).ifPresent(entries::add);
        }
      }
    }
    for (Class<?> type : List.of(BarStrategy.class, tech.tablesaw.api.Table.class)) {
      CodeSource code = type.getProtectionDomain().getCodeSource();
      if (code != null && code.getLocation() != null) {
        fileOf(code.getLocation()).ifPresent(entries::add);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Optional<String> fileOf(URL url) {
    if (!"file".equals(url.getProtocol())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(url.toURI()).toString());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
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
