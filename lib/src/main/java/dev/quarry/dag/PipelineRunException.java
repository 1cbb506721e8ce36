package dev.quarry.dag;

/** A run stopped because a node failed; carries the report of what ran, failed and was skipped. */
public final class PipelineRunException extends PipelineException {
  private static final long serialVersionUID = 1L;

  /** The report is a record of plain values, but it is not needed after serialisation. */
  private final transient RunReport report;

  PipelineRunException(String message, Throwable cause, RunReport report) {
    super(message, cause);
    this.report = report;
  }

  /**
   * Returns the report of the failed run.
   *
   * @return the report, with the failed node marked {@code FAILED} and later ones {@code SKIPPED}
   */
  public RunReport report() {
    return report;
  }
}
