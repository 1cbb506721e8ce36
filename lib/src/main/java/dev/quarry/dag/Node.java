package dev.quarry.dag;

import dev.quarry.context.PipelineContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline step: declares what it requires, consumes and provides, and runs.
 *
 * <p>A node orchestrates only: business logic belongs in a {@link dev.quarry.dag.backend.Provider},
 * infrastructure in a {@link dev.quarry.dag.backend.Backend}.
 *
 * <p>Inline, for a notebook cell or a script:
 *
 * <pre>{@code
 * Node features = Node.named("features")
 *     .requires("bars.raw", Table.class)
 *     .provides("features.sma", Table.class)
 *     .run(ctx -> ctx.set("features.sma", sma(ctx.get("bars.raw", Table.class))));
 * }</pre>
 *
 * <p>Or by subclassing:
 *
 * <pre>{@code
 * final class FeaturesNode extends Node {
 *   FeaturesNode() {
 *     super(Node.named("features").requires("bars.raw", Table.class)
 *         .provides("features.sma", Table.class).spec());
 *   }
 *   public void run(PipelineContext ctx) { ... }
 * }
 * }</pre>
 *
 * <p>While it runs, a node sees the context through its scope: reading an undeclared key or setting
 * an undeclared one is an error, and its outputs reach the shared context only when it finishes.
 */
public abstract class Node {
  private final NodeSpec spec;

  /**
   * Creates a node from its declaration.
   *
   * @param spec the declaration, usually built with {@link #named(String)}
   */
  protected Node(NodeSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /**
   * Starts declaring a node.
   *
   * @param name unique node name
   * @return a builder
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /**
   * Returns the node's declaration.
   *
   * @return the spec
   */
  public final NodeSpec spec() {
    return spec;
  }

  /**
   * Returns the node's name.
   *
   * @return the name
   */
  public final String name() {
    return spec.name();
  }

  /**
   * Runs the node: reads declared inputs from {@code ctx}, sets every declared output.
   *
   * @param ctx the context, scoped to this node
   * @throws Exception any failure; the pipeline reports it with the node's name
   */
  public abstract void run(PipelineContext ctx) throws Exception;

  /**
   * The object whose class holds this node's code, for its cache key: the node itself, or the
   * lambda of an inline node.
   */
  Object code() {
    return this;
  }

  @Override
  public String toString() {
    return "Node '" + spec.name() + "' " + spec.flow();
  }

  /** Declares a node step by step; {@link #run(NodeAction)} or {@link #spec()} finishes. */
  public static final class Builder {
    private final String name;
    private final Map<String, Class<?>> requires = new LinkedHashMap<>();
    private final Map<String, Class<?>> provides = new LinkedHashMap<>();
    private final List<String> consumes = new ArrayList<>();
    private int priority;
    private String version = "1";
    private boolean cacheable = true;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Declares a strict input.
     *
     * @param key the context key
     * @param type its type; the value must be an instance of it
     * @return this builder
     */
    public Builder requires(String key, Class<?> type) {
      add(requires, "requires", key, type);
      return this;
    }

    /**
     * Declares an output.
     *
     * @param key the context key
     * @param type its type; the node must set a value of this type
     * @return this builder
     */
    public Builder provides(String key, Class<?> type) {
      add(provides, "provides", key, type);
      return this;
    }

    /**
     * Declares optional inputs: exact keys or {@code prefix.*} wildcards, read if present.
     *
     * @param patterns keys or wildcards
     * @return this builder
     */
    public Builder consumes(String... patterns) {
      for (String pattern : patterns) {
        if (pattern == null) {
          throw new PipelineException(
              "node '" + name + "' consumes a null pattern; give a key or a 'prefix.*' wildcard");
        }
        consumes.add(pattern);
      }
      return this;
    }

    /**
     * Sets the priority: among nodes ready at the same point, higher runs earlier.
     *
     * @param value the priority (default 0)
     * @return this builder
     */
    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    /**
     * Sets the version; bump it when what the node does changes in a way its code and inputs do not
     * show (a static field, a file it reads, a library upgrade). The node's own code is part of its
     * cache key already.
     *
     * @param value the version (default {@code "1"})
     * @return this builder
     */
    public Builder version(String value) {
      this.version = value;
      return this;
    }

    /**
     * Marks the node as cacheable or not; a node with side effects or hidden inputs should not be.
     *
     * @param value false to always run the node (default true)
     * @return this builder
     */
    public Builder cacheable(boolean value) {
      this.cacheable = value;
      return this;
    }

    /**
     * Finishes the declaration, for a subclass constructor.
     *
     * @return the spec
     */
    public NodeSpec spec() {
      return new NodeSpec(name, requires, provides, consumes, priority, version, cacheable);
    }

    /**
     * Finishes an inline node.
     *
     * @param action the node's body
     * @return the node
     */
    public Node run(NodeAction action) {
      Objects.requireNonNull(action, "action");
      return new LambdaNode(spec(), action);
    }

    private void add(Map<String, Class<?>> target, String what, String key, Class<?> type) {
      if (target.putIfAbsent(key, type) != null) {
        throw new PipelineException(
            "node '" + name + "' declares " + what + " '" + key + "' twice; declare it once");
      }
    }
  }

  private static final class LambdaNode extends Node {
    private final NodeAction action;

    LambdaNode(NodeSpec spec, NodeAction action) {
      super(spec);
      this.action = action;
    }

    @Override
    public void run(PipelineContext ctx) throws Exception {
      action.run(ctx);
    }

    @Override
    Object code() {
      return action;
    }
  }
}
