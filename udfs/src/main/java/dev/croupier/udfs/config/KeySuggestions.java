package dev.croupier.udfs.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The known key nearest to a mistyped one, for "did you mean" messages: the fewest single-character
 * edits for a typo; when every key is far off (a key of another job), the one sharing the most
 * words ({@code leaderboard.idleness} → {@code fraud.idleness}).
 */
public final class KeySuggestions {
  private KeySuggestions() {}

  /** The candidate nearest to {@code key}; null if there is none. */
  public static String nearest(String key, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(key, c);
      if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    if (best == null || isTypoOf(key, best)) {
      return best;
    }
    Set<String> words = words(key);
    String byWords = null;
    long mostShared = 0;
    for (String c : candidates) {
      long shared = words(c).stream().filter(words::contains).count();
      if (shared > mostShared
          || (shared == mostShared
              && byWords != null
              && distance(key, c) < distance(key, byWords))) {
        byWords = c;
        mostShared = shared;
      }
    }
    return mostShared > 0 ? byWords : best;
  }

  /** Whether {@code key} is a few edits from {@code candidate}: a typo rather than another key. */
  public static boolean isTypoOf(String key, String candidate) {
    return candidate != null && distance(key, candidate) <= Math.max(3, key.length() / 3);
  }

  private static Set<String> words(String key) {
    return Arrays.stream(key.split("[.\\-_]"))
        .filter(w -> !w.isEmpty())
        .collect(Collectors.toSet());
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
