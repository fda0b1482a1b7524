package dev.multitask.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Names close to a mistyped one, for "did you mean" messages. */
final class Suggestions {
  private static final int MAX = 5;

  private Suggestions() {}

  /**
   * The candidates close to {@code typed}, closest first: within a few edits, containing it, or
   * sharing a hyphen-separated word with it (so "daemon" finds "process-daemon").
   *
   * @param typed what the user typed
   * @param candidates the valid names
   * @return at most five names
   */
  static List<String> closeTo(String typed, List<String> candidates) {
    String t = typed.toLowerCase(Locale.ROOT);
    int allowedEdits = Math.max(2, t.length() / 4);
    return candidates.stream()
        .filter(
            c ->
                distance(t, c) <= allowedEdits
                    || (t.length() >= 3 && c.contains(t))
                    || sharesWord(t, c))
        .sorted(Comparator.comparingInt((String c) -> distance(t, c)).thenComparing(c -> c))
        .limit(MAX)
        .toList();
  }

  private static boolean sharesWord(String typed, String candidate) {
    List<String> words = List.of(candidate.split("-"));
    for (String word : typed.split("-")) {
      if (word.length() >= 4 && words.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Levenshtein distance, two rows at a time. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
