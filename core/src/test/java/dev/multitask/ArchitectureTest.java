package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, read off the sources: the exported packages (the
 * public API and the backend SPI) use no internal package; the internal packages form layers with
 * no cycle; every package says what it is for in a package-info; and the architecture document
 * names every package. A change that breaks one fails here with the offending packages named.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  /** A reference to a class of ours: a package of lower-case segments, then a capitalized name. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(dev\\.multitask(?:\\.[a-z]\\w*)*)\\.[A-Z]");

  private static final Pattern EXPORTS =
      Pattern.compile("^\\s*exports ([\\w.]+);", Pattern.MULTILINE);

  private static final Map<String, Set<String>> USES = new TreeMap<>();
  private static final Set<String> EXPORTED = new TreeSet<>();

  @BeforeAll
  static void readSources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        if (file.getFileName().toString().equals("module-info.java")) {
          Matcher m = EXPORTS.matcher(text);
          while (m.find()) {
            EXPORTED.add(m.group(1));
          }
          continue;
        }
        Matcher p = PACKAGE.matcher(text);
        assertTrue(p.find(), "no package line in " + file);
        String pkg = p.group(1);
        Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher r = REFERENCE.matcher(withoutComments(text));
        while (r.find()) {
          if (!r.group(1).equals(pkg)) {
            uses.add(r.group(1));
          }
        }
      }
    }
    USES.values()
        .forEach(uses -> uses.retainAll(USES.keySet())); // a nested class's name is not a package
  }

  // a class named in a string (a main class to launch) is no compile-time use
  private static String withoutComments(String text) {
    return text.replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("//[^\n]*", "")
        .replaceAll("\"[^\"\n]*\"", "\"\"");
  }

  @Test
  void exportedPackages_useOnlyExportedPackages() {
    Map<String, Set<String>> offences = new TreeMap<>();
    for (String pkg : EXPORTED) {
      Set<String> internal = new TreeSet<>(USES.getOrDefault(pkg, Set.of()));
      internal.removeAll(EXPORTED);
      if (!internal.isEmpty()) {
        offences.put(pkg, internal);
      }
    }
    assertEquals(Map.of(), offences, "exported packages that use internal ones");
  }

  @Test
  void internalPackages_formNoCycle() {
    Map<String, Set<String>> internal = new TreeMap<>();
    for (var e : USES.entrySet()) {
      if (!EXPORTED.contains(e.getKey())) {
        Set<String> to = new TreeSet<>(e.getValue());
        to.removeAll(EXPORTED);
        internal.put(e.getKey(), to);
      }
    }
    assertEquals(List.of(), cycles(internal), "internal packages that depend on each other");
  }

  @Test
  void everyPackage_hasAPackageInfo() {
    List<String> missing = new ArrayList<>();
    for (String pkg : USES.keySet()) {
      if (!Files.exists(SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java"))) {
        missing.add(pkg);
      }
    }
    assertEquals(List.of(), missing, "packages without a package-info.java");
  }

  @Test
  void architectureDocument_namesEveryPackage() throws IOException {
    String doc = Files.readString(Path.of("../docs/ARCHITECTURE.md"));
    List<String> missing = new ArrayList<>();
    for (String pkg : USES.keySet()) {
      String shortName =
          pkg.equals("dev.multitask") ? "dev.multitask" : pkg.substring("dev.multitask".length());
      if (!doc.contains("`" + shortName + "`") && !doc.contains("`" + pkg + "`")) {
        missing.add(pkg);
      }
    }
    assertEquals(List.of(), missing, "packages docs/ARCHITECTURE.md does not name (as `.name`)");
  }

  /** The strongly connected components of more than one package (Tarjan). */
  private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> found = new ArrayList<>();
    int[] next = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, found, next);
      }
    }
    return found;
  }

  private static void connect(
      String v,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> found,
      int[] next) {
    index.put(v, next[0]);
    low.put(v, next[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, found, next);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }
}
