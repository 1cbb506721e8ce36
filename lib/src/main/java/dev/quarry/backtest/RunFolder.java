package dev.quarry.backtest;

import dev.quarry.export.ArtifactFile;
import dev.quarry.export.BatchSink;
import dev.quarry.export.BatchWriter;
import dev.quarry.export.BatchWriterCore;
import dev.quarry.export.DirectorySink;
import dev.quarry.export.ExportError;
import dev.quarry.export.ExportStage;
import dev.quarry.export.Validator;
import dev.quarry.io.AtomicFiles;
import dev.quarry.io.QuarryHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The run folder of a backtest (SPEC section 8), written through the export pipeline as one
 * artifact: the folder appears complete, or not at all.
 *
 * <ul>
 *   <li>{@code trades.csv}: {@code entry_time,exit_time,side,quantity,entry_price,exit_price,
 *       fees,pnl,strategy,symbol} (times ISO-8601 UTC; the exit fields of a trade still open are
 *       empty);
 *   <li>{@code trades.json}: every column of the trades table, one object per line;
 *   <li>{@code orders.csv}: every column of the orders table;
 *   <li>{@code equity.parquet}: {@code timestamp,equity,cash,position,strategy} (a row per
 *       sub-account and time: sum by timestamp for the run's equity);
 *   <li>{@code metrics.json}: {@link Metrics#asMap()}, pretty-printed, nulls kept;
 *   <li>{@code report.html}: {@link Report#html(BacktestResult)}.
 * </ul>
 *
 * <p>Each file is a {@link RunPart}: its table is checked against the columns of {@link
 * BacktestResult}'s Javadoc (the export's formatted-data validator), encoded by the export
 * pipeline's CSV, JSON or Parquet core, and handed to a {@link DirectorySink}, which assembles the
 * folder in a hidden temp folder and renames it into place on commit. The same result gives the
 * same bytes in every file.
 *
 * <pre>{@code
 * Path folder = RunFolder.write(result, RunFolder.newRunFolder(RunFolder.runsRoot(), "sma-cross",
 *     Instant.now()));
 * }</pre>
 */
public final class RunFolder {
  /** The trades, as CSV. */
  public static final String TRADES_CSV = "trades.csv";

  /** The trades, as JSON. */
  public static final String TRADES_JSON = "trades.json";

  /** The orders, as CSV. */
  public static final String ORDERS_CSV = "orders.csv";

  /** The equity curve, as Parquet. */
  public static final String EQUITY_PARQUET = "equity.parquet";

  /** The metrics, as JSON. */
  public static final String METRICS_JSON = "metrics.json";

  /** The report, as HTML. */
  public static final String REPORT_HTML = "report.html";

  /** The longest strategy part of a run id. */
  static final int MAX_SLUG = 40;

  /** The most suffixes {@link #newRunFolder} tries before giving up. */
  static final int MAX_SUFFIX = 10_000;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RunFolder() {}

  /**
   * Writes the run folder of a result at {@code dir}, creating missing parent folders.
   *
   * @param result the backtest's result
   * @param dir the folder to create; must not exist (an existing folder is refused, even an empty
   *     one)
   * @return {@code dir}, absolute and normalised
   * @throws ExportError if {@code dir} exists (stage {@code OPEN}; it is left as it was), if a
   *     table does not have the columns of {@link BacktestResult}'s Javadoc (stage {@code
   *     VALIDATE_FORMATTED}), or if writing fails; no folder, no temp file and no parent folder
   *     this call created remains then
   */
  public static Path write(BacktestResult result, Path dir) {
    Objects.requireNonNull(result, "result");
    return writeParts(parts(result), dir);
  }

  /** Writes these files as one folder at {@code dir}, as {@link #write(BacktestResult, Path)}. */
  static Path writeParts(List<RunPart> parts, Path dir) {
    Objects.requireNonNull(dir, "dir");
    return writeWith(parts, dir.toAbsolutePath().normalize(), DirectorySink::new);
  }

  /**
   * {@link #write(BacktestResult, Path)}, then {@code then} on the written folder (e.g. recording
   * the run in the history); if {@code then} throws, the folder is deleted and the exception
   * propagates: the run leaves nothing.
   *
   * @param result the backtest's result
   * @param dir the folder to create; must not exist
   * @param then what to do with the folder once written
   * @return {@code dir}, absolute and normalised
   */
  public static Path write(
      BacktestResult result, Path dir, java.util.function.Consumer<Path> then) {
    Objects.requireNonNull(result, "result");
    return writeParts(parts(result), dir, then);
  }

  /** {@link #writeParts(List, Path)}, then {@code then}; the folder is deleted if it throws. */
  static Path writeParts(List<RunPart> parts, Path dir, java.util.function.Consumer<Path> then) {
    Objects.requireNonNull(then, "then");
    Path written = writeParts(parts, dir);
    try {
      then.accept(written);
    } catch (RuntimeException | Error e) {
      try {
        AtomicFiles.deleteTree(written);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return written;
  }

  /** {@link #write(BacktestResult, Path)} with any sink of artifact files, for fault injection. */
  static Path writeWith(
      BacktestResult result,
      Path target,
      Function<Path, ? extends BatchSink<ArtifactFile>> sinkFactory) {
    Objects.requireNonNull(result, "result");
    return writeWith(parts(result), target, sinkFactory);
  }

  private static Path writeWith(
      List<RunPart> parts,
      Path target,
      Function<Path, ? extends BatchSink<ArtifactFile>> sinkFactory) {
    claim(target);
    Path createdParent = topmostMissing(target.getParent());
    boolean committed = false;
    Validator<RunPart> check = RunPart::check;
    try (BatchWriter<RunPart, ArtifactFile> writer =
        new BatchWriter<>(
            new RunFolderCore(), sinkFactory.apply(target), List.of(check), List.of())) {
      writer.start();
      for (RunPart part : parts) {
        writer.write(part);
      }
      writer.commit();
      committed = true;
    } finally {
      if (!committed) {
        undo(target, createdParent);
      }
    }
    return target;
  }

  /**
   * Writes a result to a new run folder under {@code runsRoot}, named {@link #newRunId} (with
   * {@code -2}, {@code -3} … when taken), claimed atomically so that backtests started in the same
   * second, in any processes, each get their own folder.
   *
   * <p>The claim is a hidden file {@code .<run-id>.claim} holding the process id, created with
   * {@code CREATE_NEW} (one process wins a name) and deleted once the folder is written (and, with
   * the overload taking {@code then}, once that finished) or the write failed; a name with a folder
   * or a claim is taken. Claims of processes that died are removed by {@link #cleanClaims}.
   *
   * @param result the backtest's result
   * @param runsRoot the runs folder, created if missing
   * @param strategy the strategy's name, for the run id
   * @param now the run's time, for the run id
   * @return the run folder
   * @throws ExportError if writing fails (no folder remains then)
   * @throws IllegalArgumentException if every suffix is taken
   */
  public static Path writeNew(BacktestResult result, Path runsRoot, String strategy, Instant now) {
    return writeNew(result, runsRoot, strategy, now, folder -> {});
  }

  /**
   * {@link #writeNew(BacktestResult, Path, String, Instant)}, then {@code then} on the written
   * folder while its claim is still held (e.g. recording the run in the history): a folder whose
   * claim is alive is a run still being completed, never an abandoned one. If {@code then} throws,
   * the folder is deleted and the exception propagates: the run leaves nothing.
   *
   * @param result the backtest's result
   * @param runsRoot the runs folder, created if missing
   * @param strategy the strategy's name, for the run id
   * @param now the run's time, for the run id
   * @param then what to do with the folder before the claim is released
   * @return the run folder
   */
  public static Path writeNew(
      BacktestResult result,
      Path runsRoot,
      String strategy,
      Instant now,
      java.util.function.Consumer<Path> then) {
    Objects.requireNonNull(result, "result");
    return writeNewParts(parts(result), runsRoot, strategy, now, then);
  }

  /**
   * {@link #writeNew(BacktestResult, Path, String, Instant, java.util.function.Consumer)} of any
   * files.
   */
  static Path writeNewParts(
      List<RunPart> parts,
      Path runsRoot,
      String strategy,
      Instant now,
      java.util.function.Consumer<Path> then) {
    Objects.requireNonNull(then, "then");
    Path root = Objects.requireNonNull(runsRoot, "runsRoot").toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
      AtomicFiles.recoverShallow(root); // temp folders of backtests killed mid-write
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the runs folder " + root + ": " + e, e);
    }
    String id = newRunId(strategy, now);
    for (int n = 1; n <= MAX_SUFFIX; n++) {
      Path candidate = candidate(root, id, n);
      if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path claim = claimOf(candidate);
      try {
        Files.writeString(
            claim, Long.toString(ProcessHandle.current().pid()), StandardOpenOption.CREATE_NEW);
      } catch (FileAlreadyExistsException e) {
        continue; // another run holds this name
      } catch (IOException e) {
        throw new UncheckedIOException("cannot claim a run folder in " + root + ": " + e, e);
      }
      try {
        if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
          continue; // written by a run that released its claim just before ours
        }
        return writeParts(parts, candidate, then);
      } finally {
        try {
          Files.deleteIfExists(claim);
        } catch (IOException ignored) {
          // a claim left behind only makes its name unavailable; cleanClaims removes it
        }
      }
    }
    throw allTaken(root, id);
  }

  /** The suffix of a run folder's claim file. */
  static final String CLAIM = ".claim";

  /**
   * Whether a run folder is claimed by a live process: a backtest still writing or recording it.
   *
   * @param folder the run folder
   * @return true if its claim exists and names a running process
   */
  public static boolean isClaimed(Path folder) {
    return liveClaim(claimOf(folder));
  }

  private static Path claimOf(Path folder) {
    return folder.resolveSibling("." + folder.getFileName() + CLAIM);
  }

  /** A claim file naming a running process; an unreadable or half-written one names none. */
  private static boolean liveClaim(Path claim) {
    try {
      long pid = Long.parseLong(Files.readString(claim).trim());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException | IOException e) {
      return false;
    }
  }

  /**
   * Deletes the claims of run folders whose process is gone (a backtest killed while writing).
   *
   * @param runsRoot the runs folder
   * @return how many were deleted
   */
  public static int cleanClaims(Path runsRoot) {
    int deleted = 0;
    if (!Files.isDirectory(runsRoot)) {
      return 0;
    }
    try (java.util.stream.Stream<Path> entries = Files.list(runsRoot)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") || !name.endsWith(CLAIM) || liveClaim(p)) {
          continue;
        }
        if (Files.deleteIfExists(p)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the claims in " + runsRoot + ": " + e, e);
    }
    return deleted;
  }

  /**
   * Opens a run folder to read its result tables back ({@link RunTables#NAMES}).
   *
   * <pre>{@code
   * Table trades = RunFolder.read(Path.of("~/.quarry/runs/20261122-090155-sma-cross"))
   *     .table("trades");
   * }</pre>
   *
   * @param dir a folder written by {@link #write}
   * @return its tables, read on demand
   * @throws IllegalArgumentException if {@code dir} is not a folder, or holds none of the files of
   *     a run folder
   */
  public static RunTables read(Path dir) {
    return RunTables.of(dir);
  }

  /** The files of a run folder, in the order they are written. */
  static List<RunPart> parts(BacktestResult result) {
    return List.of(
        new RunPart.TableFile(
            TRADES_CSV,
            RunSchema.TRADES,
            RunSchema.TRADES.columns(),
            RunPart.Format.CSV,
            result.trades()),
        new RunPart.TableFile(
            TRADES_JSON,
            RunSchema.TRADES,
            RunSchema.TRADES.columns(),
            RunPart.Format.JSON,
            result.trades()),
        new RunPart.TableFile(
            ORDERS_CSV,
            RunSchema.ORDERS,
            RunSchema.ORDERS.columns(),
            RunPart.Format.CSV,
            result.orders()),
        new RunPart.TableFile(
            EQUITY_PARQUET,
            RunSchema.EQUITY,
            RunSchema.EQUITY.columns(),
            RunPart.Format.PARQUET,
            result.equity()),
        new RunPart.MetricsFile(result.metrics()),
        new RunPart.ReportFile(result));
  }

  /** Refuses an existing target, even an empty folder: a run folder is always a new folder. */
  private static void claim(Path target) {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new ExportError(
          ExportStage.OPEN,
          component(target),
          target
              + " already exists"
              + (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? " (a folder)" : " (a file)")
              + "; a run folder is always new: give a path that does not exist yet (or delete "
              + target
              + " first), or let RunFolder.newRunFolder pick one (as backtest does without --out)",
          null);
    }
  }

  /** The topmost folder of {@code folder}'s chain that does not exist, or null. */
  private static Path topmostMissing(Path folder) {
    Path missing = null;
    for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /** After a failure: removes the parent folders this write created. */
  private static void undo(Path target, Path createdParent) {
    try {
      if (createdParent != null) {
        for (Path p = target.getParent();
            p != null && p.startsWith(createdParent);
            p = p.getParent()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort after the real failure, which is what the caller must see; a folder that is
      // not empty any more belongs to someone else.
    }
  }

  private static String component(Path target) {
    return "RunFolder(" + target + ")";
  }

  /**
   * A run id: the UTC time to the second, then the strategy's name reduced to lower-case letters,
   * digits and single dashes, at most {@value #MAX_SLUG} characters.
   *
   * <pre>{@code
   * newRunId("SMA Cross", Instant.parse("2026-11-22T08:30:12Z"))  // "20261122-083012-sma-cross"
   * }</pre>
   *
   * @param strategy the strategy's name
   * @param now the run's time
   * @return the id, a plain folder name
   * @throws IllegalArgumentException if the name has no letter or digit of {@code a-z0-9}
   */
  public static String newRunId(String strategy, Instant now) {
    Objects.requireNonNull(now, "now");
    return STAMP.format(now) + "-" + slug(strategy);
  }

  /** The strategy's name reduced to {@code [a-z0-9-]}, no dash at either end. */
  static String slug(String strategy) {
    Objects.requireNonNull(strategy, "strategy");
    String lower = strategy.toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder(Math.min(lower.length(), MAX_SLUG));
    for (int i = 0; i < lower.length() && slug.length() < MAX_SLUG; i++) {
      char c = lower.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        slug.append(c);
      } else if (slug.length() > 0 && slug.charAt(slug.length() - 1) != '-') {
        slug.append('-');
      }
    }
    while (slug.length() > 0 && slug.charAt(slug.length() - 1) == '-') {
      slug.setLength(slug.length() - 1);
    }
    if (slug.length() == 0) {
      throw new IllegalArgumentException(
          "strategy name '"
              + strategy
              + "' has no letter or digit (a-z, 0-9) to name a run folder with; give the"
              + " strategy such a name");
    }
    return slug.toString();
  }

  /**
   * A free folder for a new run under {@code runsRoot}: {@code <runsRoot>/<run id>}, or with {@code
   * -2}, {@code -3} … appended if that name is taken. The folder is not created; {@link #write}
   * refuses it if another writer takes the name first.
   *
   * @param runsRoot the folder of runs, such as {@link #runsRoot()}
   * @param strategy the strategy's name (see {@link #newRunId})
   * @param now the run's time
   * @return a path directly under {@code runsRoot} (absolute, normalised) that did not exist
   * @throws IllegalArgumentException if the name is unusable, or all {@value #MAX_SUFFIX} suffixes
   *     are taken
   */
  public static Path newRunFolder(Path runsRoot, String strategy, Instant now) {
    Path root = Objects.requireNonNull(runsRoot, "runsRoot").toAbsolutePath().normalize();
    String id = newRunId(strategy, now);
    for (int n = 1; n <= MAX_SUFFIX; n++) {
      Path candidate = candidate(root, id, n);
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return candidate;
      }
    }
    throw allTaken(root, id);
  }

  /** The {@code n}-th name tried for run id {@code id}: the id, then {@code <id>-2}, … */
  private static Path candidate(Path root, String id, int n) {
    Path candidate = root.resolve(n == 1 ? id : id + "-" + n).normalize();
    if (!root.equals(candidate.getParent())) {
      // Cannot happen with a slug of [a-z0-9-]; checked so no future change can escape.
      throw new IllegalArgumentException("run id '" + id + "' would leave the runs folder " + root);
    }
    return candidate;
  }

  private static IllegalArgumentException allTaken(Path root, String id) {
    return new IllegalArgumentException(
        "every name from "
            + id
            + " to "
            + id
            + "-"
            + MAX_SUFFIX
            + " is taken in "
            + root
            + "; clean up old runs or pick another folder");
  }

  /**
   * The folder of runs: {@code $QUARRY_HOME/runs}.
   *
   * @return the folder (not necessarily existing)
   */
  public static Path runsRoot() {
    return QuarryHome.runs();
  }

  /** Encodes each part as one file of the folder. */
  static final class RunFolderCore extends BatchWriterCore<RunPart, ArtifactFile> {
    @Override
    protected ArtifactFile doEncode(RunPart part) {
      return new ArtifactFile(part.file(), part.encode());
    }

    @Override
    public String name() {
      return "RunFolderCore";
    }
  }
}
