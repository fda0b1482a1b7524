package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> NAMES =
      List.of("process-join", "process-join-many", "process-daemon", "thread-daemon", "zombie");

  @Test
  void distance_countsEdits() {
    assertEquals(0, Suggestions.distance("zombie", "zombie"));
    assertEquals(1, Suggestions.distance("zombi", "zombie"));
    assertEquals(2, Suggestions.distance("zmobie", "zombie"));
    assertEquals(6, Suggestions.distance("", "zombie"));
  }

  @Test
  void closeTo_typoFindsTheNameFirst() {
    assertEquals("process-join", Suggestions.closeTo("proces-join", NAMES).getFirst());
  }

  @Test
  void closeTo_wordFindsEveryNameWithIt() {
    assertEquals(List.of("thread-daemon", "process-daemon"), Suggestions.closeTo("daemon", NAMES));
  }

  @Test
  void closeTo_nothingCloseGivesNothing() {
    assertEquals(List.of(), Suggestions.closeTo("qqqqqqqq", NAMES));
  }
}
