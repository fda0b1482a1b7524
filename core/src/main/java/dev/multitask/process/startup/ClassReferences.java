package dev.multitask.process.startup;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The classes a class file names: its constant pool's class entries and the class types in its
 * descriptors and signatures, as binary names ({@code a.b.C}).
 *
 * <p>Why: a cold worker's AOT cache holds the classes its training loaded: the recent jobs'
 * classes, not the classes their code uses. A job that uses one the cache lacks reads it from the
 * class path's jar, and the first read of a jar reads its whole directory (~35 ms of CPU in a fresh
 * worker for a 28 MB jar, measured). A training that also loads the classes a job's class names
 * puts them in the cache.
 *
 * <pre>
 *   ClassFile   = magic:u4 minor:u2 major:u2 count:u2 entry[count - 1] ...
 *   entry, by its tag:u1
 *     1 Utf8                  length:u2 bytes[length]   (modified UTF-8)
 *     7 Class                 name:u2 (an Utf8: a/b/C, or [La/b/C; for an array)
 *     3 4 (int, float)        4 bytes
 *     5 6 (long, double)      8 bytes, and the next index is unused
 *     8 16 19 20              2 bytes
 *     15 MethodHandle         3 bytes
 *     9 10 11 12 17 18        4 bytes
 * </pre>
 *
 * Descriptors and signatures are found among the Utf8 entries by their {@code L...;} form; a string
 * constant of that form names a class that the caller then tries and, absent, skips.
 */
final class ClassReferences {
  private ClassReferences() {}

  /**
   * The names in {@code classFile}, in constant-pool order; empty for bytes that are not a class
   * file, and those read so far for a constant pool cut short or of a kind this reader does not
   * know.
   */
  static Set<String> of(byte[] classFile) {
    Set<String> names = new LinkedHashSet<>();
    if (classFile.length < 10 || u4(classFile, 0) != 0xCAFEBABE) {
      return names;
    }
    int count = u2(classFile, 8);
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    int classes = 0;
    try {
      int at = 10;
      for (int i = 1; i < count; i++) {
        int tag = classFile[at] & 0xFF;
        at++;
        switch (tag) {
          case 1 -> {
            int length = u2(classFile, at);
            utf8[i] = new String(classFile, at + 2, length, StandardCharsets.UTF_8);
            at += 2 + length;
          }
          case 7 -> {
            classNames[classes++] = u2(classFile, at);
            at += 2;
          }
          case 8, 16, 19, 20 -> at += 2;
          case 15 -> at += 3;
          case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 4;
          case 5, 6 -> {
            at += 8;
            i++; // takes two entries
          }
          default -> i = count; // not a constant pool this reader knows: what was read so far
        }
      }
    } catch (IndexOutOfBoundsException truncated) {
      // a class file cut short: the entries read before the cut
    }
    for (int c = 0; c < classes; c++) {
      int index = classNames[c];
      String name = index < count ? utf8[index] : null;
      if (name != null) {
        if (name.startsWith("[")) {
          addTypes(name, names);
        } else {
          names.add(name.replace('/', '.'));
        }
      }
    }
    for (String s : utf8) {
      if (s != null && s.indexOf(';') > 0) {
        addTypes(s, names);
      }
    }
    return names;
  }

  /** Adds each {@code La/b/C;} (or {@code La/b/C<...>;} in a signature) of {@code text}. */
  private static void addTypes(String text, Set<String> names) {
    int at = text.indexOf('L');
    while (at >= 0) {
      int end = at + 1;
      while (end < text.length() && isNamePart(text.charAt(end))) {
        end++;
      }
      if (end > at + 1
          && end < text.length()
          && (text.charAt(end) == ';' || text.charAt(end) == '<')) {
        names.add(text.substring(at + 1, end).replace('/', '.'));
      }
      at = text.indexOf('L', end);
    }
  }

  private static boolean isNamePart(char c) {
    return c == '/' || c == '$' || c == '_' || Character.isLetterOrDigit(c);
  }

  private static int u2(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
  }

  private static int u4(byte[] b, int at) {
    return u2(b, at) << 16 | u2(b, at + 2);
  }
}
