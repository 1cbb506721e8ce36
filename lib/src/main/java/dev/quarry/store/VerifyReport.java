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
}
