package dev.multitask.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTML timeline: the page {@code timeline.html} (a resource next to this class: style, script
 * and markup, no link to anything outside it) with a title and a trace-event JSON text put in. The
 * page draws the JSON as it loads; it accepts any trace in the Chrome trace-event format.
 */
final class HtmlTimeline {
  private static final String TEMPLATE = "timeline.html";

  private HtmlTimeline() {}

  /**
   * The page for {@code json}, which must have every {@code <} escaped (as {@link ChromeJson}
   * writes it), so that it cannot end the script element that carries it.
   */
  static String write(String json, String title) {
    if (json.indexOf('<') >= 0) {
      throw new IllegalArgumentException(
          "the trace JSON must escape '<' as \\u003c to be put in a page");
    }
    String page = template();
    int at = page.indexOf("@TRACE@");
    String escapedTitle = escape(title);
    return page.substring(0, at).replace("@TITLE@", escapedTitle)
        + json
        + page.substring(at + "@TRACE@".length()).replace("@TITLE@", escapedTitle);
  }

  private static String template() {
    try (InputStream in = HtmlTimeline.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the resource dev/multitask/trace/" + TEMPLATE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the timeline page " + TEMPLATE, e);
    }
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
