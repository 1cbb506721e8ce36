package dev.quarry.export;

/** Where in an export something went wrong; carried by every {@link ExportError}. */
public enum ExportStage {
  /** The raw validator refused an item. */
  VALIDATE_RAW,
  /** The formatter's hook failed. */
  FORMAT,
  /** The writer core could not start. */
  START,
  /** A validator refused the formatted data. */
  VALIDATE_FORMATTED,
  /** The writer core could not encode, or could not finish the encoding. */
  ENCODE,
  /** A validator refused the encoded data. */
  VALIDATE_ENCODED,
  /** The sink could not open. */
  OPEN,
  /** The sink could not write. */
  WRITE,
  /** The sink could not commit: no artifact was published. */
  COMMIT,
  /** Releasing resources failed after the commit, or a rollback failed. */
  CLOSE,
  /** A lifecycle method was called in a state that does not allow it. */
  LIFECYCLE,
  /** The factory could not build a component of a binding. */
  CREATE,
  /** The registry refused a registration or a lookup. */
  REGISTRY
}
