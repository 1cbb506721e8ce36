package dev.quarry.dag;

import dev.quarry.dag.cache.Fingerprints;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The code of a node as part of its cache key, so that changing a node's body without bumping its
 * version (a notebook cell redefined, a script edited) never restores the old body's outputs.
 *
 * <p>What is hashed:
 *
 * <ul>
 *   <li>An inline node (a {@link NodeAction} lambda or method reference, serializable by design):
 *       the bytes of the class that defines the lambda and of the class holding its implementation
 *       method, the implementation method's name and signature, and each captured argument: its
 *       {@link Fingerprints fingerprint} (a file or folder: its location), or, for a value without
 *       one, its code as here (its state is a hidden input, like a static field the body reads).
 *   <li>A lambda that is not serializable: the bytes of the class that defines it.
 *   <li>Any other node or object: the bytes of its class and of its superclasses up to {@link
 *       Node}.
 * </ul>
 *
 * <p>Class bytes are read from the class's own loader ({@code getResourceAsStream}), which serves
 * jar and folder classes and also jshell's (so IJava's) snippet classes. They are read on every
 * call rather than cached per class, since jshell redefines a snippet class in place when a cell is
 * re-run. A class whose bytes cannot be read makes the node uncacheable, and the plan says so.
 */
final class CodeFingerprint {
  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_DEPTH = 8;

  private CodeFingerprint() {}

  /** A fingerprint, or why there is none. */
  record Result(Optional<String> fingerprint, String problem) {
    static Result of(String fingerprint) {
      return new Result(Optional.of(fingerprint), "");
    }

    static Result problem(String nodeName, String why) {
      return new Result(
          Optional.empty(),
          "NOT CACHED: code of node '"
              + nodeName
              + "' cannot be fingerprinted: "
              + why
              + "; load it from a jar or a folder of classes, or declare the node cacheable(false)");
    }
  }

  /** Thrown inside this class when a class file cannot be read; becomes a {@link Result}. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /**
   * Fingerprints the code of a node.
   *
   * @param nodeName the node's name, for the message
   * @param code the object whose class runs: the lambda of an inline node, else the node itself
   * @return the fingerprint, or the reason there is none
   */
  static Result of(String nodeName, Object code) {
    try {
      List<String> parts = new ArrayList<>();
      parts.add("quarry.code/1");
      addCode(code, parts, 0);
      return Result.of(Fingerprints.combine(parts.toArray(String[]::new)));
    } catch (Unreadable e) {
      return Result.problem(nodeName, e.getMessage());
    }
  }

  private static void addCode(Object code, List<String> parts, int depth) throws Unreadable {
    Class<?> type = code.getClass();
    Optional<SerializedLambda> lambda = serializedForm(code);
    if (lambda.isPresent()) {
      addLambda(lambda.get(), type, parts, depth);
    } else if (type.isHidden()) {
      // A lambda that is not serializable: its body lives in the class that defines it.
      String name = type.getName();
      int cut = name.indexOf("$$Lambda");
      addClass(
          null,
          type.getClassLoader(),
          cut > 0 ? name.substring(0, cut) : type.getNestHost().getName(),
          parts);
    } else {
      for (Class<?> c = type; c != null && c != Node.class && c != Object.class; ) {
        addClass(c, c.getClassLoader(), c.getName(), parts);
        c = c.getSuperclass();
      }
    }
  }

  private static void addLambda(
      SerializedLambda lambda, Class<?> proxy, List<String> parts, int depth) throws Unreadable {
    ClassLoader loader = proxy.getClassLoader();
    Set<String> classes = new LinkedHashSet<>();
    classes.add(lambda.getCapturingClass().replace('/', '.'));
    classes.add(lambda.getImplClass().replace('/', '.'));
    for (String name : classes) {
      addClass(null, loader, name, parts);
    }
    parts.add(lambda.getImplMethodName());
    parts.add(lambda.getImplMethodSignature());
    for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
      Object arg = lambda.getCapturedArg(i);
      if (arg == null) {
        parts.add("null");
        continue;
      }
      if (arg instanceof Path || arg instanceof File) {
        // A captured file is where the body reads or writes, not an input: its content may well
        // be what the body writes, so the location alone counts.
        parts.add("path");
        parts.add(
            (arg instanceof File f ? f.toPath() : (Path) arg)
                .toAbsolutePath()
                .normalize()
                .toString());
        continue;
      }
      Optional<String> fingerprint = Fingerprints.of(arg);
      if (fingerprint.isPresent()) {
        parts.add("value");
        parts.add(fingerprint.get());
      } else if (depth < MAX_DEPTH) {
        // No fingerprint (a function, a provider, the enclosing object): its code counts, its
        // state is a hidden input.
        parts.add("object");
        addCode(arg, parts, depth + 1);
      } else {
        parts.add("object");
        parts.add(arg.getClass().getName());
      }
    }
  }

  /**
   * The serialized form of a serializable lambda ({@code writeReplace}, which the compiler
   * generates for it); empty for anything else.
   */
  private static Optional<SerializedLambda> serializedForm(Object code) throws Unreadable {
    if (!code.getClass().isSynthetic() && !code.getClass().isHidden()) {
      return Optional.empty();
    }
    Method writeReplace;
    try {
      writeReplace = code.getClass().getDeclaredMethod("writeReplace");
    } catch (NoSuchMethodException e) {
      return Optional.empty(); // not a serializable lambda
    }
    try {
      writeReplace.setAccessible(true);
      return writeReplace.invoke(code) instanceof SerializedLambda form
          ? Optional.of(form)
          : Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new Unreadable(
          "the lambda "
              + code.getClass().getName()
              + " does not let Quarry read its implementation ("
              + e
              + "); open its package to dev.quarry");
    }
  }

  /**
   * Adds a class's name and the SHA-256 of its class file.
   *
   * @param type the class if known (for the message), else null
   */
  private static void addClass(Class<?> type, ClassLoader loader, String name, List<String> parts)
      throws Unreadable {
    ClassLoader from = loader != null ? loader : ClassLoader.getSystemClassLoader();
    String resource = name.replace('.', '/') + ".class";
    try (InputStream in = from.getResourceAsStream(resource)) {
      if (in == null) {
        throw new Unreadable(
            "the class file of "
                + (type == null ? name : type.getName())
                + " is not readable from its class loader ("
                + from
                + ")");
      }
      parts.add(name);
      parts.add(HEX.formatHex(sha256().digest(in.readAllBytes())));
    } catch (IOException e) {
      throw new Unreadable("reading the class file of " + name + " failed (" + e + ")");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
