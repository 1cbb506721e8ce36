package dev.quarry.export;

import java.util.Objects;

/**
 * Every failure of an export: names the component, the stage that failed and, through the cause,
 * why. When an {@code ExportError} leaves {@link BatchExportService#export}, no artifact and no
 * temp file of that export remain — except for stage {@link ExportStage#CLOSE} after a commit (a
 * sink failing to release its resources), where the artifact is complete.
 */
public final class ExportError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExportStage stage;
  private final String component;

  /**
   * Creates an error.
   *
   * @param stage the stage that failed
   * @param component the component that failed, as it names itself
   * @param message what went wrong and what to do
   * @param cause the underlying failure, or null
   */
  public ExportError(ExportStage stage, String component, String message, Throwable cause) {
    super(stage + " failed in " + component + ": " + message, cause);
    this.stage = Objects.requireNonNull(stage, "stage");
    this.component = Objects.requireNonNull(component, "component");
  }

  /**
   * The stage that failed.
   *
   * @return the stage
   */
  public ExportStage stage() {
    return stage;
  }

  /**
   * The component that failed.
   *
   * @return its name, such as {@code AtomicFileSink(out/trades.csv)}
   */
  public String component() {
    return component;
  }

  /** The error for a lifecycle method called in the wrong state. */
  static ExportError illegal(String component, Enum<?> state, String call, String allowed) {
    return new ExportError(
        ExportStage.LIFECYCLE,
        component,
        call + " is not allowed in state " + state + "; it is allowed " + allowed,
        null);
  }

  /** Wraps {@code failure} unless it already is an {@code ExportError}. */
  static ExportError wrap(ExportStage stage, String component, Throwable failure) {
    if (failure instanceof ExportError e) {
      return e;
    }
    String message = failure.getMessage();
    return new ExportError(
        stage,
        component,
        failure.getClass().getSimpleName() + (message == null ? "" : ": " + message),
        failure);
  }
}
