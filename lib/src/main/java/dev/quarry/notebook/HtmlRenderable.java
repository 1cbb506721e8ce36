package dev.quarry.notebook;

/**
 * A value that can show itself as an HTML fragment in a notebook.
 *
 * <p>Pipeline contexts, plans and run reports implement it; {@link Notebook#install()} teaches a
 * Java kernel to call it, so a cell that ends in such a value shows a table instead of text.
 */
public interface HtmlRenderable {
  /**
   * Renders this value as a self-contained HTML fragment (no external resources; a backtest report
   * carries the script that draws its charts).
   *
   * @return the HTML fragment
   */
  String toHtml();
}
