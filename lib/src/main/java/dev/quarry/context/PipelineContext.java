package dev.quarry.context;

import dev.quarry.dag.PipelineException;
import dev.quarry.notebook.Html;
import dev.quarry.notebook.HtmlRenderable;
import dev.quarry.notebook.Summaries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The typed key/value store that pipeline nodes share.
 *
 * <p>Fail-fast by design (seed 004):
 *
 * <ul>
 *   <li>{@link #set} refuses to overwrite a key; the error names the key and who set it.
 *   <li>{@link #get} fails on a missing key: there are no defaults and no silent fallbacks.
 *   <li>{@link #get(String, Class)} checks the value's type.
 *   <li>{@link #getNamespace} returns every key under a prefix and fails if there is none.
 * </ul>
 *
 * <p>Keys follow {@code {domain}.{output}} ({@code features.train}); inputs given before a run
 * conventionally live under {@code input.*} and final results under {@code output.*}. Keys are kept
 * sorted, so listings are the same whatever order nodes ran in.
 *
 * <pre>{@code
 * PipelineContext ctx = PipelineContext.create().set("input.symbol", "BTC-USD");
 * String symbol = ctx.get("input.symbol", String.class);
 * }</pre>
 *
 * <p>Thread-safe. While a node runs it sees the context through its {@link ContextScope}: reads are
 * limited to its declared inputs, and its writes stay pending until the node finishes, so a failed
 * node leaves nothing behind.
 */
public final class PipelineContext implements HtmlRenderable {
  /** The producer recorded for values set before a run. */
  public static final String INITIAL = "initial";

  private final NavigableMap<String, ContextEntry> entries;
  private final ContextScope scope;
  private final Map<String, ContextEntry> pending;

  private PipelineContext(
      NavigableMap<String, ContextEntry> entries,
      ContextScope scope,
      Map<String, ContextEntry> pending) {
    this.entries = entries;
    this.scope = scope;
    this.pending = pending;
  }

  /**
   * Creates an empty context.
   *
   * @return a new context
   */
  public static PipelineContext create() {
    return new PipelineContext(new ConcurrentSkipListMap<>(), null, null);
  }

  /**
   * Creates a context holding the given initial values.
   *
   * @param initial key → value; values must not be null
   * @return a new context
   */
  public static PipelineContext of(Map<String, ?> initial) {
    PipelineContext context = create();
    initial.forEach(context::set);
    return context;
  }

  /**
   * Stores a value under a new key.
   *
   * @param key the key, {@code {domain}.{output}}
   * @param value the value, not null
   * @return this context, for chaining
   * @throws PipelineException if the key is malformed or already set, the value is null, or (inside
   *     a node) the node does not declare the key in {@code provides} with a matching type
   */
  public PipelineContext set(String key, Object value) {
    String owner = scope == null ? INITIAL : scope.owner();
    Keys.requireValid(key, scope == null ? "context" : "node '" + owner + "'");
    if (value == null) {
      throw new PipelineException(
          where() + "cannot set '" + key + "' to null; context values are never null");
    }
    if (scope == null) {
      ContextEntry previous = entries.putIfAbsent(key, new ContextEntry(key, value, INITIAL));
      if (previous != null) {
        throw alreadySet(key, previous);
      }
      return this;
    }
    Class<?> declared = scope.provides().get(key);
    if (declared == null) {
      throw new PipelineException(
          "node '"
              + owner
              + "' set '"
              + key
              + "', which it does not declare; add provides(\""
              + key
              + "\", "
              + simpleName(value.getClass())
              + ".class) to the node");
    }
    if (!Types.box(declared).isInstance(value)) {
      throw new PipelineException(
          "node '"
              + owner
              + "' set '"
              + key
              + "' to a "
              + simpleName(value.getClass())
              + " but declares it as "
              + simpleName(declared)
              + "; fix the value or the provides type");
    }
    synchronized (pending) {
      ContextEntry previous = entries.get(key);
      if (previous == null) {
        previous = pending.get(key);
      }
      if (previous != null) {
        throw alreadySet(key, previous);
      }
      pending.put(key, new ContextEntry(key, value, owner));
    }
    return this;
  }

  /**
   * Returns the value under a key.
   *
   * @param key the key
   * @return the value, never null
   * @throws PipelineException if the key is missing (or, inside a node, not declared)
   */
  public Object get(String key) {
    return entry(key).value();
  }

  /**
   * Returns the value under a key, checked against a type.
   *
   * @param key the key
   * @param type the expected type (primitive types are boxed)
   * @param <T> the expected type
   * @return the value
   * @throws PipelineException if the key is missing or holds a value of another type
   */
  public <T> T get(String key, Class<T> type) {
    ContextEntry entry = entry(key);
    Class<?> boxed = Types.box(type);
    if (!boxed.isInstance(entry.value())) {
      throw new PipelineException(
          "context key '"
              + key
              + "' holds a "
              + simpleName(entry.type())
              + " (set by '"
              + entry.producer()
              + "'), not a "
              + simpleName(type));
    }
    @SuppressWarnings("unchecked")
    T value = (T) boxed.cast(entry.value());
    return value;
  }

  /**
   * Returns the entry (value and producer) under a key.
   *
   * @param key the key
   * @return the entry
   * @throws PipelineException if the key is missing (or, inside a node, not declared)
   */
  public ContextEntry entry(String key) {
    if (key == null) {
      throw new PipelineException(where() + "context key is null; give a key such as 'input.path'");
    }
    checkReadable(key);
    ContextEntry entry = lookup(key);
    if (entry == null) {
      throw new PipelineException(
          where() + "context key '" + key + "' not found; available keys: " + visibleKeys());
    }
    return entry;
  }

  /**
   * Tells whether a key is set.
   *
   * @param key the key
   * @return true if a value is stored under the key
   */
  public boolean contains(String key) {
    return (scope == null || scope.mayRead(key)) && lookup(key) != null;
  }

  /**
   * Returns every key under a prefix with its value, in key order.
   *
   * @param prefix a namespace such as {@code "conditioning."} (a trailing {@code *} is accepted)
   * @return an unmodifiable key → value map, never empty
   * @throws PipelineException if no key starts with the prefix
   */
  public Map<String, Object> getNamespace(String prefix) {
    String start = prefix.endsWith("*") ? prefix.substring(0, prefix.length() - 1) : prefix;
    Map<String, Object> result = new LinkedHashMap<>();
    List<String> undeclared = new ArrayList<>();
    for (String key : storedKeys()) {
      if (key.startsWith(start)) {
        if (scope == null || scope.mayRead(key)) {
          result.put(key, lookup(key).value());
        } else {
          undeclared.add(key);
        }
      }
    }
    if (result.isEmpty()) {
      if (!undeclared.isEmpty()) {
        throw new PipelineException(
            where()
                + "keys "
                + undeclared
                + " exist under '"
                + start
                + "' but the node does not declare them; add consumes(\""
                + start
                + "*\")");
      }
      throw new PipelineException(
          where() + "no context keys start with '" + start + "'; available keys: " + visibleKeys());
    }
    return Collections.unmodifiableMap(result);
  }

  /**
   * Tells whether any key starts with a prefix (for optional inputs declared with {@code
   * consumes}).
   *
   * @param prefix a namespace such as {@code "conditioning."}
   * @return true if {@link #getNamespace} would return something
   */
  public boolean hasNamespace(String prefix) {
    String start = prefix.endsWith("*") ? prefix.substring(0, prefix.length() - 1) : prefix;
    for (String key : allKeys()) {
      if (key.startsWith(start) && (scope == null || scope.mayRead(key))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the keys, sorted (inside a node: only the keys it declares).
   *
   * @return an unmodifiable sorted set of keys
   */
  public Set<String> keys() {
    return Collections.unmodifiableSet(allKeys());
  }

  /**
   * Returns every entry, sorted by key (inside a node: only the keys it declares).
   *
   * @return an unmodifiable list of entries
   */
  public List<ContextEntry> entries() {
    List<ContextEntry> list = new ArrayList<>();
    for (String key : allKeys()) {
      list.add(lookup(key));
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * Returns how many keys are set.
   *
   * @return the number of entries
   */
  public int size() {
    return allKeys().size();
  }

  /**
   * Opens a scope for one node: the returned session's context enforces the scope, and its writes
   * reach this context only on {@link ScopedSession#commit()}.
   *
   * @param nodeScope what the node may read and write
   * @return a session for that node
   */
  public ScopedSession openScope(ContextScope nodeScope) {
    if (scope != null) {
      throw new PipelineException(
          "node '" + scope.owner() + "' cannot open a scope for '" + nodeScope.owner() + "'");
    }
    PipelineContext view = new PipelineContext(entries, nodeScope, new LinkedHashMap<>());
    return new ScopedSession(view, entries);
  }

  /** A node's view of the context and its pending writes. */
  public static final class ScopedSession {
    private final PipelineContext view;
    private final NavigableMap<String, ContextEntry> target;

    private ScopedSession(PipelineContext view, NavigableMap<String, ContextEntry> target) {
      this.view = view;
      this.target = target;
    }

    /**
     * Returns the context the node sees.
     *
     * @return the scoped context
     */
    public PipelineContext context() {
      return view;
    }

    /**
     * Returns what the node has written so far.
     *
     * @return key → value, in write order
     */
    public Map<String, Object> writes() {
      synchronized (view.pending) {
        Map<String, Object> writes = new LinkedHashMap<>();
        view.pending.forEach((key, entry) -> writes.put(key, entry.value()));
        return writes;
      }
    }

    /**
     * Publishes the pending writes to the shared context.
     *
     * @throws PipelineException if another producer set one of the keys meanwhile
     */
    public void commit() {
      synchronized (view.pending) {
        for (ContextEntry entry : view.pending.values()) {
          ContextEntry previous = target.putIfAbsent(entry.key(), entry);
          if (previous != null) {
            throw alreadySet(entry.key(), previous);
          }
        }
      }
    }
  }

  /**
   * Renders the context as a text table: key, type, producer and a value summary.
   *
   * @return the text rendering
   */
  public String toText() {
    List<ContextEntry> list = entries();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"key", "type", "producer", "value"});
    for (ContextEntry entry : list) {
      rows.add(
          new String[] {
            entry.key(), simpleName(entry.type()), entry.producer(), Summaries.text(entry.value())
          });
    }
    return "PipelineContext: "
        + list.size()
        + (list.size() == 1 ? " key" : " keys")
        + "\n"
        + TextTable.render(rows);
  }

  /**
   * Renders the context as an HTML table: key, type, producer and a value summary (Tablesaw tables
   * show their shape and first rows).
   *
   * @return an HTML fragment
   */
  @Override
  public String toHtml() {
    List<ContextEntry> list = entries();
    StringBuilder html =
        new StringBuilder("<div class=\"quarry-context\"><b>PipelineContext</b>: ")
            .append(list.size())
            .append(list.size() == 1 ? " key" : " keys")
            .append("<table><thead><tr><th>key</th><th>type</th><th>producer</th>")
            .append("<th>value</th></tr></thead><tbody>");
    for (ContextEntry entry : list) {
      html.append("<tr><td><code>")
          .append(Html.escape(entry.key()))
          .append("</code></td><td>")
          .append(Html.escape(simpleName(entry.type())))
          .append("</td><td>")
          .append(Html.escape(entry.producer()))
          .append("</td><td style=\"text-align:left\">")
          .append(Summaries.html(entry.value()))
          .append("</td></tr>");
    }
    return html.append("</tbody></table></div>").toString();
  }

  @Override
  public String toString() {
    return toText();
  }

  private ContextEntry lookup(String key) {
    ContextEntry entry = entries.get(key);
    if (entry == null && pending != null) {
      synchronized (pending) {
        entry = pending.get(key);
      }
    }
    return entry;
  }

  /** The keys this view may see: all of them at the root, the declared ones inside a node. */
  private Set<String> allKeys() {
    Set<String> keys = storedKeys();
    if (scope != null) {
      keys.removeIf(key -> !scope.mayRead(key));
    }
    return keys;
  }

  private Set<String> storedKeys() {
    Set<String> keys = new TreeSet<>(entries.keySet());
    if (pending != null) {
      synchronized (pending) {
        keys.addAll(pending.keySet());
      }
    }
    return keys;
  }

  private List<String> visibleKeys() {
    return new ArrayList<>(allKeys());
  }

  private void checkReadable(String key) {
    if (scope != null && !scope.mayRead(key)) {
      throw new PipelineException(
          "node '"
              + scope.owner()
              + "' read '"
              + key
              + "', which it does not declare; add requires(\""
              + key
              + "\", <type>) or a matching consumes(...) to the node");
    }
  }

  private String where() {
    return scope == null ? "" : "node '" + scope.owner() + "': ";
  }

  private static PipelineException alreadySet(String key, ContextEntry previous) {
    return new PipelineException(
        "context key '"
            + key
            + "' is already set by '"
            + previous.producer()
            + "'; context keys are write-once: use another key or remove the duplicate producer");
  }

  static String simpleName(Class<?> type) {
    return Types.name(type);
  }
}
