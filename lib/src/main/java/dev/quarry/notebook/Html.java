package dev.quarry.notebook;

/** Small helpers for writing HTML fragments safely. */
public final class Html {
  private Html() {}

  /**
   * Escapes text for use in HTML element content and attribute values.
   *
   * @param text any text, {@code null} renders as an empty string
   * @return the escaped text
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
