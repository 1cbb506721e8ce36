package dev.quarry.store;

import java.util.List;

/**
 * The outcome of {@link BarStore#verify()}: every registered file compared with the registry.
 *
 * @param files registered files found on disk and checked
 * @param bytes their registered size
 * @param unchecked of those, files written without a checksum: their bytes could not be compared,
 *     so they were read in full instead (pages, schema, row count)
 * @param problems one line per mismatching, missing, damaged or unregistered file, or registry that
 *     is missing or does not add up; empty when all is well
 */
public record VerifyReport(int files, long bytes, int unchecked, List<String> problems) {
  /** Copies the problem list. */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /**
   * A report where every file had a checksum.
   *
   * @param files files checked
   * @param bytes bytes read
   * @param problems one line per problem
   */
  public VerifyReport(int files, long bytes, List<String> problems) {
    this(files, bytes, 0, problems);
  }

  /**
   * Tells whether the files and the registry agree.
   *
   * @return true if there are no problems (files without a checksum are not a problem; {@link
   *     #summary()} names them)
   */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * Says what was verified, in one line: {@code Verified 3 files, 1.2 MB: all checksums match}, or
   * the number of problems; files written without a checksum are named ({@code not checked: 2 files
   * written without a checksum}), never counted as matching; with no file to check, {@code nothing
   * to verify: …}.
   *
   * @return the summary (the problems themselves are in {@link #problems()})
   */
  public String summary() {
    if (files == 0 && problems.isEmpty()) {
      return "nothing to verify: the registry lists no data files (ingest data first, or run"
          + " inventory --refresh if the store holds files the registry does not know)";
    }
    String outcome;
    if (!problems.isEmpty()) {
      outcome = problems.size() + (problems.size() == 1 ? " problem" : " problems");
    } else if (unchecked == 0) {
      outcome = "all checksums match";
    } else if (unchecked == files) {
      outcome = "files and row counts match the registry";
    } else {
      int hashed = files - unchecked;
      outcome =
          "files, row counts and " + hashed + (hashed == 1 ? " checksum" : " checksums") + " match";
    }
    if (unchecked > 0) {
      outcome +=
          "; not checked: "
              + unchecked
              + (unchecked == 1 ? " file" : " files")
              + " written without a checksum (read in full instead)";
    }
    return String.format(
        java.util.Locale.ROOT,
        "Verified %d %s, %.1f MB: %s",
        files,
        files == 1 ? "file" : "files",
        bytes / 1048576.0,
        outcome);
  }
}
