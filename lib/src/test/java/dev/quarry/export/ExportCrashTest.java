package dev.quarry.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.export.ExportCrashWriterMain.Kind;
import dev.quarry.io.AtomicFiles;
import dev.quarry.testing.ChildJvm;
import dev.quarry.testing.CrashChild;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * SPEC section 10, crash safety of export commits: an exporting process ({@link
 * ExportCrashWriterMain}) is killed with SIGKILL at a random moment, 50 times, each time in a fresh
 * output folder. After {@link AtomicFiles#recover} the folder must hold no temp file or folder,
 * every acknowledged step's artifact byte for byte, the cut-short step's artifact complete or not
 * at all (a run folder too), the replaced {@code latest.csv} as its old or its new version, and
 * nothing else. The expected bytes are encoded here, in this process, into an {@link InMemorySink}.
 */
class ExportCrashTest {
  private static final int TRIALS = 50;
  private static final long SEED = 0xe4_0c2a_5bL;

  /** Longest wait after the first acknowledgement before the kill: a few steps' worth. */
  private static final int MAX_DELAY_MILLIS = 250;

  /** Exporters started ahead of the current trial, each warming up on its own core share. */
  private static final int EXPORTERS_AHEAD = 3;

  @TempDir Path base;

  /** Per step, the expected files of its new artifact, by path relative to the output folder. */
  private final Map<Integer, Map<String, Content>> artifacts = new HashMap<>();

  /** Per step, what it writes over {@code latest.csv}. */
  private final Map<Integer, Content> latest = new HashMap<>();

  /** A file's length and SHA-256, compared by {@link #equals}; mismatches show the lengths. */
  private record Content(long length, String sha256) {
    static Content of(String name, byte[] bytes) {
      return new Content(bytes.length, sha256(bytes));
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Content c && c.length == length && c.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
      return sha256.hashCode();
    }

    @Override
    public String toString() {
      return length + " bytes, sha-256 " + sha256.substring(0, 12);
    }
  }

  @Test
  void killedExportersLeaveEachArtifactCompleteOrAbsentAndKeepEveryAcknowledgedOne()
      throws Exception {
    Random random = new Random(SEED);
    int acknowledged = 0;
    int killsMidFile = 0;
    int killsMidFolder = 0;
    int killsMidReplace = 0;
    int cutArtifactsLanded = 0;
    int latestOld = 0;
    int latestNew = 0;
    Map<Kind, Integer> cutKinds = new EnumMap<>(Kind.class);
    long stepNanos = 0;
    int stepsTimed = 0;
    long exporterNanos = 0;
    long launchToReadyNanos = 0;
    long readyWaitNanos = 0;
    long checkNanos = 0;
    // The next trials' exporters start and warm up while the current one runs.
    ChildJvm jvm =
        ChildJvm.withSharedArchive(
            Files.createDirectories(base.resolve("jvm")),
            ExportCrashWriterMain.class,
            base.resolve("scratch").resolve("archive").toString());
    Deque<CrashChild> warming = new ArrayDeque<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      while (warming.size() <= EXPORTERS_AHEAD && trial + warming.size() < TRIALS) {
        String name = Integer.toString(trial + warming.size());
        warming.add(
            new CrashChild(
                jvm,
                ExportCrashWriterMain.class,
                base.resolve("scratch").resolve(name).toString()));
      }
      int delayMillis = random.nextInt(MAX_DELAY_MILLIS);
      CrashChild exporter = warming.remove();
      Path out = base.resolve("out-" + trial);
      // Each trial starts one step later, so the cut-short step's kind rotates.
      int first = trial;
      long started = System.nanoTime();
      List<CrashChild.Ack> acks =
          exporter.runAndKill(out + " " + first, delayMillis, "exporter of trial " + trial);
      long killed = System.nanoTime();
      exporterNanos += killed - started;
      launchToReadyNanos += exporter.launchToReadyNanos();
      readyWaitNanos += exporter.waitedForReadyNanos();
      for (int i = 0; i < acks.size(); i++) {
        assertEquals(first + i, acks.get(i).number(), "acknowledgements in order, trial " + trial);
      }
      int cut = first + acks.size();
      stepNanos += acks.get(acks.size() - 1).nanos() - acks.get(0).nanos();
      stepsTimed += acks.size() - 1;
      acknowledged += acks.size();
      cutKinds.merge(ExportCrashWriterMain.kind(cut), 1, Integer::sum);
      String where = "trial " + trial + " (killed in step " + cut + ")";

      // (a) The kill left at most the cut-short step's temp file or folder; recovery removes it.
      List<Path> temps = temps(out);
      for (Path temp : temps) {
        if (Files.isDirectory(temp)) {
          killsMidFolder++;
        } else if (temp.getFileName().toString().startsWith("." + ExportCrashWriterMain.LATEST)) {
          killsMidReplace++;
        } else {
          killsMidFile++;
        }
      }
      assertTrue(temps.size() <= 1, "more than one temp entry, " + where + ": " + temps);
      assertEquals(temps.size(), AtomicFiles.recover(out), "entries recovered, " + where);
      assertEquals(List.of(), temps(out), "temp entries after recovery, " + where);

      Map<String, Content> actual = files(out);
      Set<String> allowed = new TreeSet<>();
      // (b) Every acknowledged step's artifact is there, byte for byte.
      for (int step = first; step < cut; step++) {
        for (Map.Entry<String, Content> file : artifacts(step).entrySet()) {
          assertComplete(file, actual, "acknowledged " + file.getKey() + ", " + where);
          allowed.add(file.getKey());
        }
      }
      // (c) The cut-short step's artifact is complete (every file, exact) or absent (no file).
      Map<String, Content> cutArtifact = artifacts(cut);
      boolean landed = cutArtifact.keySet().stream().anyMatch(actual::containsKey);
      if (landed) {
        cutArtifactsLanded++;
        for (Map.Entry<String, Content> file : cutArtifact.entrySet()) {
          assertComplete(
              file, actual, "cut-short step's " + file.getKey() + " is partial, " + where);
        }
      }
      allowed.addAll(cutArtifact.keySet());
      // (d) The replaced file is the last acknowledged version or the cut-short step's, and the
      // new one only after the cut-short artifact landed (the step writes them in that order).
      Content last = actual.get(ExportCrashWriterMain.LATEST);
      if (last != null && last.equals(latest(cut))) {
        latestNew++;
        assertTrue(
            landed, ExportCrashWriterMain.LATEST + " replaced before the artifact, " + where);
      } else {
        assertEquals(
            latest(cut - 1),
            last,
            ExportCrashWriterMain.LATEST
                + " is neither old nor new ("
                + latest(cut)
                + "), "
                + where);
        latestOld++;
      }
      allowed.add(ExportCrashWriterMain.LATEST);
      // (e) Nothing else: no stray file, and no folder but those of complete run folders.
      assertEquals(Set.of(), difference(actual.keySet(), allowed), "unexpected files, " + where);
      assertEquals(Set.of(), emptyFolders(out), "folders without files, " + where);
      checkNanos += System.nanoTime() - killed;
      AtomicFiles.deleteTree(out);
      AtomicFiles.deleteTree(base.resolve("scratch").resolve(Integer.toString(trial)));
    }
    // Proof that kills landed inside every kind of commit, so the test can fail.
    assertTrue(killsMidFile > 0, "no kill interrupted a new file; the test proved little");
    assertTrue(killsMidFolder > 0, "no kill interrupted a run folder; the test proved little");
    assertTrue(killsMidReplace > 0, "no kill interrupted a replace; the test proved little");
    // A step is mostly commits (its exports write between the temp's creation and the rename),
    // so most kills must land in one; fewer means the exporter idles and the test is weak.
    int killsMidWrite = killsMidFile + killsMidFolder + killsMidReplace;
    assertTrue(
        killsMidWrite * 2 >= TRIALS,
        "only " + killsMidWrite + " of " + TRIALS + " kills interrupted a write");
    System.out.printf(
        "export crash test: %d trials, %d kills interrupted a write, %d steps acknowledged (a step took %d ms on average),"
            + " cut-short steps by kind %s; kills left a temp file %d times, a temp run folder %d"
            + " times, a temp replacement %d times; cut-short artifacts landed unacknowledged %d"
            + " times; %s old %d times, new %d times; an exporter took %d ms from launch to ready on average; %d ms"
            + " with exporters, %d of them waiting for one to be ready; %d ms checking%n",
        TRIALS,
        killsMidWrite,
        acknowledged,
        stepsTimed == 0 ? 0 : stepNanos / stepsTimed / 1_000_000,
        cutKinds,
        killsMidFile,
        killsMidFolder,
        killsMidReplace,
        cutArtifactsLanded,
        ExportCrashWriterMain.LATEST,
        latestOld,
        latestNew,
        launchToReadyNanos / TRIALS / 1_000_000,
        exporterNanos / 1_000_000,
        readyWaitNanos / 1_000_000,
        checkNanos / 1_000_000);
  }

  /** The expected files of a step's new artifact, encoded here with the same cores. */
  private Map<String, Content> artifacts(int step) {
    return artifacts.computeIfAbsent(
        step,
        s -> {
          Table table = ExportCrashWriterMain.table(s);
          Kind kind = ExportCrashWriterMain.kind(s);
          String name = ExportCrashWriterMain.target(Path.of(""), s).toString();
          ExportSettings settings = ExportCrashWriterMain.settings(kind, Path.of(name));
          Map<String, Content> files = new TreeMap<>();
          if (kind == Kind.RUN) {
            InMemorySink<ArtifactFile> sink = new InMemorySink<>();
            BatchExportService.of(ExportCrashWriterMain.runFolder(x -> sink), settings)
                .exportOne(table);
            for (ArtifactFile file : sink.artifact()) {
              files.put(name + "/" + file.name(), Content.of(file.name(), file.bytes()));
            }
          } else {
            files.put(name, Content.of(name, encode(kind, settings, table)));
          }
          return files;
        });
  }

  /** Asserts that a file holds exactly the expected bytes. */
  private void assertComplete(
      Map.Entry<String, Content> expected, Map<String, Content> actual, String what) {
    assertEquals(expected.getValue(), actual.get(expected.getKey()), what);
  }

  private Content latest(int step) {
    return latest.computeIfAbsent(
        step,
        s ->
            Content.of(
                ExportCrashWriterMain.LATEST,
                encode(
                    Kind.CSV,
                    ExportCrashWriterMain.settings(Kind.CSV, Path.of(ExportCrashWriterMain.LATEST)),
                    ExportCrashWriterMain.table(s))));
  }

  private static byte[] encode(Kind kind, ExportSettings settings, Table table) {
    InMemorySink<byte[]> sink = new InMemorySink<>();
    BatchExportBinding<Table, Table, byte[]> binding =
        BatchExportBinding.of(
            s -> new TableFormatter(),
            s ->
                switch (kind) {
                  case CSV -> new CsvTableCore();
                  case JSON -> new JsonTableCore();
                  case PARQUET -> new ParquetTableCore();
                  case RUN -> throw new IllegalArgumentException("a run folder is not one file");
                },
            s -> sink);
    BatchExportService.of(binding, settings).exportOne(table);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sink.artifact().forEach(bytes::writeBytes);
    return bytes.toByteArray();
  }

  /** Entries named like temp files or folders, hidden ones included. */
  private static List<Path> temps(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(AtomicFiles::isTempFile).toList();
    }
  }

  /** Every regular file under {@code dir}, hidden ones included, by relative path. */
  private static Map<String, Content> files(Path dir) throws IOException {
    Map<String, Content> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(file).toString().replace('\\', '/'),
            Content.of(file.getFileName().toString(), Files.readAllBytes(file)));
      }
    }
    return files;
  }

  private static Set<Path> emptyFolders(Path dir) throws IOException {
    Set<Path> empty = new TreeSet<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path folder : all.filter(Files::isDirectory).toList()) {
        try (Stream<Path> inside = Files.list(folder)) {
          if (inside.findAny().isEmpty()) {
            empty.add(folder);
          }
        }
      }
    }
    return empty;
  }

  private static Set<String> difference(Set<String> all, Set<String> allowed) {
    Set<String> rest = new TreeSet<>(all);
    rest.removeAll(allowed);
    return rest;
  }
}
