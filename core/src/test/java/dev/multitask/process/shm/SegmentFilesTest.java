package dev.multitask.process.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Tier 1: segment names, read by hand, against their definition as a regular expression. */
class SegmentFilesTest {
  /** The definition: what {@link SegmentFiles#isName} must accept, and nothing else. */
  private static final Pattern NAME =
      Pattern.compile(
          "multitask-([1-9][0-9]{0,18})-([0-9a-f]{16})(?:"
              + SegmentFiles.BLOB_INFIX
              + "[0-9a-f]{16})?");

  @Test
  void isName_agreesWithTheDefinition_onNamesAndNearMisses() {
    List<String> names = new ArrayList<>();
    String hex = "0123456789abcdef";
    for (String pid : List.of("1", "42", "1234567890123456789", "9999999999999999999")) {
      names.add("multitask-" + pid + "-" + hex);
      names.add("multitask-" + pid + "-" + hex + SegmentFiles.BLOB_INFIX + hex);
    }
    Random random = new Random(7);
    String alphabet = "multiask-0123456789abcdefgABF/.b";
    for (String name : List.copyOf(names)) {
      for (int i = 0; i < 400; i++) {
        StringBuilder b = new StringBuilder(name);
        int at = random.nextInt(b.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> b.deleteCharAt(Math.min(at, b.length() - 1));
          default ->
              b.setCharAt(
                  Math.min(at, b.length() - 1), alphabet.charAt(random.nextInt(alphabet.length())));
        }
        names.add(b.toString());
      }
    }
    names.addAll(
        List.of(
            "",
            "multitask-",
            "multitask-0-" + hex,
            "multitask-12345678901234567890-" + hex,
            "multitask-1-" + hex.toUpperCase(),
            "multitask-1-" + hex + "-b",
            "multitask-1-" + hex + "-b" + hex + "0",
            "../multitask-1-" + hex));
    for (String name : names) {
      assertEquals(NAME.matcher(name).matches(), SegmentFiles.isName(name), name);
    }
  }

  @Test
  void creatorPid_ofANameWithAPidBeyondLongs_isMinusOne_andOfNoName_throws() {
    assertEquals(42, SegmentFiles.creatorPid("multitask-42-0123456789abcdef"));
    assertEquals(-1, SegmentFiles.creatorPid("multitask-9999999999999999999-0123456789abcdef"));
    assertThrows(IllegalArgumentException.class, () -> SegmentFiles.creatorPid("multitask-42"));
  }
}
