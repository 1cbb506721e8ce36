package dev.quarry.dag.backend;

/** The main class of the child JVM in {@link JvmSubprocessBackendTest}. */
final class SampleWorkerMain {
  private SampleWorkerMain() {}

  public static void main(String[] args) {
    Worker.serve(SampleHandlers.handlers());
  }
}
