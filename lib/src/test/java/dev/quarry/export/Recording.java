package dev.quarry.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test fixtures: a core and a sink that log every hook call into a shared list and throw from the
 * hooks they are told to, and a helper listing a folder with its hidden files.
 */
final class Recording {
  private Recording() {}

  /** The exception a hook throws when told to; {@code hook} names it. */
  static final class Injected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Injected(String hook) {
      super("injected failure in " + hook);
    }
  }

  /** A core from String to String: encodes {@code a} as {@code <a>}. */
  static final class Core extends BatchWriterCore<String, String> {
    final List<String> log;
    final Set<String> failing = new HashSet<>();
    boolean cleanupThrows;
    boolean encodeReturnsNull;
    RuntimeException thrown;

    Core(List<String> log) {
      this.log = log;
    }

    Core failingIn(String hook) {
      failing.add(hook);
      return this;
    }

    private void hook(String call, String hook) {
      log.add("core." + call);
      if (failing.contains(hook)) {
        thrown = new Injected("core." + hook);
        throw thrown;
      }
    }

    @Override
    public String name() {
      return "RecordingCore";
    }

    @Override
    protected void doStart() {
      hook("doStart", "doStart");
    }

    @Override
    protected String doEncode(String data) {
      hook("doEncode(" + data + ")", "doEncode");
      return encodeReturnsNull ? null : "<" + data + ">";
    }

    @Override
    protected String doFinish() {
      hook("doFinish", "doFinish");
      return "end";
    }

    @Override
    protected String doFinishEmpty() {
      hook("doFinishEmpty", "doFinishEmpty");
      return "empty";
    }

    @Override
    protected void cleanupAfterError() {
      log.add("core.cleanupAfterError");
      if (cleanupThrows) {
        throw new Injected("core.cleanupAfterError");
      }
    }
  }

  /** A sink of strings: keeps what is written, publishes it on commit. */
  static final class Sink extends BatchSink<String> {
    final List<String> log;
    final Set<String> failing = new HashSet<>();
    final List<String> written = new ArrayList<>();
    List<String> published;
    boolean cleanupThrows;
    Exception thrown;

    Sink(List<String> log) {
      this.log = log;
    }

    Sink failingIn(String hook) {
      failing.add(hook);
      return this;
    }

    private void hook(String call, String hook) throws IOException {
      log.add("sink." + call);
      if (failing.contains(hook)) {
        IOException e = new IOException("injected failure in sink." + hook);
        thrown = e;
        throw e;
      }
    }

    @Override
    public String name() {
      return "RecordingSink";
    }

    @Override
    protected void doOpen() throws IOException {
      hook("doOpen", "doOpen");
    }

    @Override
    protected void doWrite(String data) throws IOException {
      hook("doWrite(" + data + ")", "doWrite");
      written.add(data);
    }

    @Override
    protected void doCommit() throws IOException {
      hook("doCommit", "doCommit");
      published = List.copyOf(written);
    }

    @Override
    protected void doRollback() throws IOException {
      hook("doRollback", "doRollback");
      written.clear();
    }

    @Override
    protected void finalizeResources() throws IOException {
      hook("finalizeResources", "finalizeResources");
    }

    @Override
    protected void cleanupAfterError() {
      log.add("sink.cleanupAfterError");
      written.clear();
      if (cleanupThrows) {
        throw new Injected("sink.cleanupAfterError");
      }
    }
  }

  /** Every name in {@code dir}, hidden ones included, sorted. */
  static List<String> listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
