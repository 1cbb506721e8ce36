package dev.quarry.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Starts a fresh JVM on this test run's class path, for tests that need a separate process (crash
 * tests kill it, concurrency tests run several).
 */
public final class ChildJvm {
  private final String classPath;
  private final List<String> options;

  private ChildJvm(String classPath, List<String> options) {
    this.classPath = classPath;
    this.options = options;
  }

  /**
   * Starts {@code mainClass} in a new JVM with this run's class path; its stderr goes to ours.
   *
   * @param mainClass the class whose {@code main} runs
   * @param args its arguments
   * @return the running process, its stdin and stdout piped to us
   * @throws IOException if the JVM cannot be started
   */
  public static Process start(Class<?> mainClass, String... args) throws IOException {
    return new ChildJvm(System.getProperty("java.class.path"), List.of()).run(mainClass, args);
  }

  /**
   * Starts {@code mainClass} in a new JVM with this run's class path and extra JVM options.
   *
   * @param jvmOptions options placed before the main class, such as {@code -XX:hashCode=2}
   * @param mainClass the class whose {@code main} runs
   * @param args its arguments
   * @return the running process, its stdin and stdout piped to us
   * @throws IOException if the JVM cannot be started
   */
  public static Process start(List<String> jvmOptions, Class<?> mainClass, String... args)
      throws IOException {
    return new ChildJvm(System.getProperty("java.class.path"), List.copyOf(jvmOptions))
        .run(mainClass, args);
  }

  /**
   * Closes a child's stdin, reads its stdout to the end, then waits for it to exit, killing it if
   * it runs longer than {@code timeout}: what tests that run a main to completion and check its
   * report need.
   *
   * @param child a started child, its stdout piped to us
   * @param timeout how long it may run
   * @return its stdout's lines
   * @throws IOException if its output cannot be read
   * @throws InterruptedException if interrupted while waiting
   */
  public static List<String> output(Process child, java.time.Duration timeout)
      throws IOException, InterruptedException {
    child.getOutputStream().close();
    List<String> lines = new ArrayList<>();
    try (java.io.BufferedReader out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      out.lines().forEach(lines::add);
    }
    if (!child.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      child.destroyForcibly().waitFor();
    }
    return lines;
  }

  /**
   * A launcher whose children share a class-data archive (AppCDS) recorded from one run of {@code
   * mainClass} with {@code args}, which must exit on its own when its stdin is closed. Loading the
   * store's classes (Parquet, Hadoop, Tablesaw) from the archive cuts each child's start-up, which
   * matters to tests that start fifty of them. CDS needs jars, so the class folders are jarred into
   * {@code dir} first. If the archive cannot be used the JVM ignores it.
   *
   * @param dir a folder for the jars and the archive
   * @param mainClass the class recorded
   * @param args its arguments for the recording run
   * @return the launcher
   * @throws IOException if the jars cannot be written or the recording JVM cannot be started
   * @throws InterruptedException if interrupted while the recording run finishes
   */
  public static ChildJvm withSharedArchive(Path dir, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        Path jar = dir.resolve("classes-" + n++ + ".jar");
        jar(path, jar);
        entries.add(jar.toString());
      } else {
        entries.add(entry);
      }
    }
    String classPath = String.join(File.pathSeparator, entries);
    Path archive = dir.resolve("children.jsa");
    Process dump =
        new ChildJvm(classPath, List.of("-XX:ArchiveClassesAtExit=" + archive))
            .run(mainClass, args);
    dump.getOutputStream().close();
    dump.getInputStream().transferTo(OutputStream.nullOutputStream());
    dump.waitFor();
    return new ChildJvm(
        classPath,
        Files.isRegularFile(archive)
            ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
            : List.of());
  }

  /**
   * Starts {@code mainClass} in a new JVM of this launcher; its stderr goes to ours.
   *
   * @param mainClass the class whose {@code main} runs
   * @param args its arguments
   * @return the running process, its stdin and stdout piped to us
   * @throws IOException if the JVM cannot be started
   */
  public Process run(Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath);
    // Short-lived children: start fast, stay small.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    command.addAll(options);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static void jar(Path folder, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(folder.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }
}
