package dev.quarry.store;

import java.util.List;

/**
 * The outcome of {@link BarStore#verify()}: every registered file re-read and its SHA-256
 * recomputed.
 *
 * @param files files checked
 * @param bytes bytes read
 * @param problems one line per mismatching, missing or unregistered file; empty when all is well
 */
public record VerifyReport(int files, long bytes, List<String> problems) {
  /** Copies the problem list. */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /**
   * Tells whether every file matched its recorded checksum.
   *
   * @return true if there are no problems
   */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * Says what was verified, in one line: {@code Verified 3 files, 1.2 MB: all checksums match}, or
   * the number of problems; with no file to check, {@code nothing to verify: …}, never that all
   * checksums match.
   *
   * @return the summary (the problems themselves are in {@link #problems()})
   */
  public String summary() {
    if (files == 0 && problems.isEmpty()) {
      return "nothing to verify: the registry lists no data files (ingest data first, or run"
          + " inventory --refresh if the store holds files the registry does not know)";
    }
    return String.format(
        java.util.Locale.ROOT,
        "Verified %d %s, %.1f MB: %s",
        files,
        files == 1 ? "file" : "files",
        bytes / 1048576.0,
        problems.isEmpty()
            ? "all checksums match"
            : problems.size() + (problems.size() == 1 ? " problem" : " problems"));
  }
}
