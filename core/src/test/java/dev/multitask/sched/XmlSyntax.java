package dev.multitask.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A well-formedness check of the XML the SVG renderer writes (the core module's tests cannot read
 * {@code java.xml}): one root, tags nested and closed, attributes quoted, no raw {@code <} or bare
 * {@code &} in text or values.
 */
final class XmlSyntax {
  private static final Pattern TAG =
      Pattern.compile("<(/?)([A-Za-z][\\w:-]*)((?:\\s+[\\w:-]+=\"[^\"<]*\")*)\\s*(/?)>");
  private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|#\\d+);");

  private XmlSyntax() {}

  /** Fails unless {@code xml} is well formed; returns the root element's name. */
  static String check(String xml) {
    Deque<String> open = new ArrayDeque<>();
    String root = null;
    int at = 0;
    while (at < xml.length()) {
      int lt = xml.indexOf('<', at);
      checkText(xml.substring(at, lt < 0 ? xml.length() : lt), open.isEmpty());
      if (lt < 0) {
        break;
      }
      Matcher m = TAG.matcher(xml).region(lt, xml.length());
      if (!m.lookingAt()) {
        fail("malformed tag at " + lt + ": " + xml.substring(lt, Math.min(xml.length(), lt + 60)));
      }
      checkText(m.group(3).replaceAll("[\\w:-]+=\"|\"", ""), false);
      String name = m.group(2);
      if (!m.group(1).isEmpty()) {
        assertEquals(open.peek(), name, "closing tag at " + lt);
        open.pop();
      } else if (m.group(4).isEmpty()) {
        if (open.isEmpty()) {
          assertTrue(root == null, "a second root element at " + lt);
          root = name;
        }
        open.push(name);
      } else if (open.isEmpty()) {
        assertTrue(root == null, "a second root element at " + lt);
        root = name;
      }
      at = m.end();
    }
    assertTrue(open.isEmpty(), "unclosed elements: " + open);
    assertTrue(root != null, "no root element");
    return root;
  }

  private static void checkText(String text, boolean outside) {
    if (outside) {
      assertTrue(text.isBlank(), "text outside the root: " + text);
    }
    int amp = text.indexOf('&');
    while (amp >= 0) {
      assertTrue(
          ENTITY.matcher(text).region(amp, text.length()).lookingAt(), "a bare & in: " + text);
      amp = text.indexOf('&', amp + 1);
    }
    assertTrue(text.indexOf('>') < 0 || !outside, "stray > in: " + text);
  }

  /** Undoes the renderer's escapes. */
  static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
