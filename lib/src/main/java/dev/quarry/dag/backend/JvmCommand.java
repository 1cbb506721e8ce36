package dev.quarry.dag.backend;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The command that runs a main class in a child JVM like this one. */
final class JvmCommand {
  private JvmCommand() {}

  static ProcessBackend backend(Class<?> mainClass) {
    Objects.requireNonNull(mainClass, "mainClass");
    requireMain(mainClass);
    String java =
        Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java")
            .toString();
    List<String> command = List.of(java, "-cp", classPath(mainClass), mainClass.getName());
    return ProcessBackend.of(command, "subprocess[java " + mainClass.getName() + "]");
  }

  private static void requireMain(Class<?> mainClass) {
    try {
      Method main = mainClass.getMethod("main", String[].class);
      if (Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class) {
        return;
      }
    } catch (NoSuchMethodException e) {
      // reported below
    }
    throw new BackendException(
        "Backend.jvm("
            + mainClass.getName()
            + "): the class has no public static void main(String[]) — give a class whose main"
            + " calls Worker.serve(handlers)");
  }

  /**
   * This JVM's class path, plus the jars or folders holding the main class, this package and
   * Jackson when they are not on it (a notebook kernel loads them later, from elsewhere). A class
   * defined in memory (in JShell) has no location: the child JVM cannot load it.
   */
  static String classPath(Class<?> mainClass) {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    for (Class<?> type :
        List.of(mainClass, Backend.class, JsonNode.class, JsonParser.class, JsonProperty.class)) {
      location(type).ifPresent(entries::add);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Optional<String> location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()).toString());
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      // Not a file (a JShell or network class loader): nothing a child JVM could use.
      return Optional.empty();
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
