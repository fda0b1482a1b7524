package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry of examples. */
class ExamplesTest {
  private static final List<String> TUTORIALS =
      List.of(
          "000_133dd573aed74ff3.txt",
          "001_3bbc5e2ee4de9a3b.txt",
          "002_feb04d1b11467325.txt",
          "003_6e7218837fe3077f.txt",
          "004_74c629ae3998aaeb.txt");

  @Test
  void all_namesAreUnique() {
    Set<String> names = new HashSet<>();
    Examples.all().forEach(e -> assertTrue(names.add(e.name()), "duplicate " + e.name()));
  }

  @Test
  void all_followTheTutorialsOrder() {
    List<Integer> order =
        Examples.all().stream().map(e -> TUTORIALS.indexOf(e.tutorial())).toList();
    assertTrue(
        order.stream().allMatch(i -> i >= 0), "every example names a tutorial file: " + order);
    assertEquals(
        order.stream().sorted().toList(), order, "examples are listed tutorial by tutorial");
  }

  @Test
  void all_showsLinesFitOneLine() {
    Examples.all()
        .forEach(e -> assertTrue(e.shows().length() <= 80 && !e.shows().contains("\n"), e.name()));
  }

  @Test
  void find_returnsTheExampleOrEmpty() {
    assertEquals("process-function", Examples.find("process-function").orElseThrow().name());
    assertTrue(Examples.find("no-such-example").isEmpty());
  }

  @Test
  void example_rejectsNamesThatAreNotKebabCase() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Examples.Example("Bad_Name", "t", "s", args -> {}));
    assertThrows(
        IllegalArgumentException.class, () -> new Examples.Example("ok", "t", " ", args -> {}));
  }

  @Test
  void run_passesArgumentsToMain() throws Exception {
    List<String> seen = new ArrayList<>();
    new Examples.Example("echo", "t", "s", args -> seen.addAll(List.of(args))).run("a", "b");
    assertEquals(List.of("a", "b"), seen);
  }
}
