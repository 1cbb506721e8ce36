package dev.quarry.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link BarStore#refreshAll()}: the datasets registered from their files, and the
 * ones that could not be, each with the file and the reason.
 *
 * @param datasets the registry entries rebuilt from healthy files, sorted
 * @param problems one per dataset left out because one of its files is unreadable; empty when all
 *     is well
 */
public record RefreshReport(List<DatasetInfo> datasets, List<Problem> problems) {
  /** Copies the lists. */
  public RefreshReport {
    datasets = List.copyOf(datasets);
    problems = List.copyOf(problems);
  }

  /**
   * A dataset that could not be registered.
   *
   * @param dataset the dataset
   * @param file its first unreadable file
   * @param reason why it could not be read
   */
  public record Problem(DatasetId dataset, Path file, String reason) {
    /** Checks the fields. */
    public Problem {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(reason, "reason");
    }

    /** The dataset and the reason, naming the file once. */
    @Override
    public String toString() {
      return dataset + ": " + (reason.contains(file.toString()) ? reason : file + ": " + reason);
    }
  }

  /**
   * Tells whether every dataset on disk was registered.
   *
   * @return true if there are no problems
   */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * Says what the refresh did, in one line: {@code Registry rebuilt from the files: 2 datasets},
   * followed by {@code ; 1 dataset could not be read and was not rebuilt from the files (listed
   * below)} when some were left out.
   *
   * @return the summary (the problems themselves are in {@link #problems()})
   */
  public String summary() {
    String rebuilt =
        "Registry rebuilt from the files: "
            + datasets.size()
            + (datasets.size() == 1 ? " dataset" : " datasets");
    if (problems.isEmpty()) {
      return rebuilt;
    }
    return rebuilt
        + "; "
        + problems.size()
        + (problems.size() == 1 ? " dataset could not be read" : " datasets could not be read")
        + " and "
        + (problems.size() == 1 ? "was" : "were")
        + " not rebuilt from the files (listed below)";
  }
}
