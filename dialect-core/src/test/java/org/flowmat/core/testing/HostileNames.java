package org.flowmat.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.flowmat.core.spec.Projection;

/**
 * Names that try to break out of their place in a statement: every name of the {@link FixtureCatalog}, and seeded
 * random strings built from quotes, backslashes, statement and comment separators, line breaks, case tricks and
 * unicode (including surrogate pairs and emoji). Every dialect's identifier and literal tests draw from here, so a
 * failing name can be reproduced from its seed and index.
 */
public final class HostileNames {
  private HostileNames() {}

  /** Fragments a random name is made of; plain letters are added so that names also look ordinary. */
  private static final List<String> PIECES = List.of(
      "\"", "\"\"", "'", "''", "`", "\\", "\\\\", "\\'", "\\\"", ";", "--", "/*", "*/", "#", "$$", "$1", "?", ":x", "@",
      "\n", "\r\n", "\r", "\t", " ", "  ", ".", ",", "(", ")", "[", "]", "%s", "%", "{{x}}", "}}", "=", "*",
      "\"; DROP TABLE sentinel; --", "'); DROP TABLE sentinel; --", "\" OR \"1\"=\"1", "' OR '1'='1", "*/ DROP TABLE sentinel /*",
      "select", "SELECT", "from", "null", "table", "drop",
      "é", "É", "ß", "ẞ", "İ", "ı", "ſ", "\u212A", "Ä", "ä", "名前", "ünïcødé", "שלום", "مرحبا", "\u200D", "\uFEFF", "\u00A0",
      "e\u0301", "ＡＢ", "\u202E", "\u2028",
      "😀", "𝔘", "👩‍💻", "🇺🇳", "\uD83D\uDE00\uD83D\uDE00");

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

  /** Ordinary and keyword-like names, so that the bare (unquoted) path is exercised too. */
  private static final List<String> WORDS = List.of(
      "id", "name", "Name", "NAME", "_x", "x1", "a_b_c", "select", "SELECT", "Select", "from", "table", "order", "group",
      "user", "default", "null", "true", "key", "value", "count", "date", "time", "timestamp", "column", "primary");

  /** Every distinct schema, table and field name of the fixture catalog, in catalog order. */
  public static List<String> catalog() {
    Set<String> names = new LinkedHashSet<>();
    for (FixtureCatalog.Fixture f : FixtureCatalog.fixtures()) {
      names.addAll(f.resourcePath());
    }
    for (FixtureCatalog.Fixture f : FixtureCatalog.fixtures()) {
      for (Projection p : f.collection().projections()) {
        names.add(p.field());
      }
    }
    return List.copyOf(names);
  }

  /**
   * {@code count} random non-empty names without NUL, the same for the same seed. About one in thirty is long (one
   * to five thousand characters), one in ten is an ordinary word or keyword, and one in ten is the case-flipped twin
   * of an earlier name.
   */
  public static List<String> random(long seed, int count) {
    Random random = new Random(seed);
    List<String> names = new ArrayList<>(count);
    while (names.size() < count) {
      int kind = random.nextInt(30);
      String name;
      if (kind == 0) {
        name = longName(random);
      } else if (kind <= 3) {
        name = WORDS.get(random.nextInt(WORDS.size()));
      } else if (kind <= 6 && !names.isEmpty()) {
        name = flipCase(names.get(random.nextInt(names.size())));
      } else {
        StringBuilder b = new StringBuilder();
        int pieces = 1 + random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
          if (random.nextInt(3) == 0) {
            int letters = 1 + random.nextInt(8);
            for (int j = 0; j < letters; j++) {
              b.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
          } else {
            b.append(PIECES.get(random.nextInt(PIECES.size())));
          }
        }
        name = b.toString();
      }
      names.add(name);
    }
    return names;
  }

  /** Names holding a NUL character, which no dialect can carry in a statement. */
  public static List<String> withNul() {
    return List.of("\0", "a\0b", "\0\"; DROP TABLE sentinel; --", "x\0", "名\0前");
  }

  /** The name with the case of its ASCII letters swapped: the twin a case-folding warehouse treats as the same. */
  public static String flipCase(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'a' && c <= 'z') {
        b.append((char) (c - 32));
      } else if (c >= 'A' && c <= 'Z') {
        b.append((char) (c + 32));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String longName(Random random) {
    StringBuilder b = new StringBuilder();
    int length = 1000 + random.nextInt(4000);
    while (b.length() < length) {
      b.append(random.nextBoolean() ? PIECES.get(random.nextInt(PIECES.size())) : "long_name_");
    }
    return b.toString();
  }
}
