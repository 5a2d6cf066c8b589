package org.flowmat.dialect.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.testing.HostileNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No name can break out of a DuckDB identifier or string literal: quoting is either the bare name (only where that
 * is safe) or a delimited form whose unescaping gives back exactly the name. Pure, except that DuckDB itself says
 * which words are reserved.
 */
class DuckDbIdentifiersTest {
  private static final long SEED = 0x5eed_1d5L;
  private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Identifiers IDS = new DuckDbDialect().identifiers();
  private static final Literals LITERALS = new DuckDbDialect().literals();

  /** Keywords that cannot be bare names, as the embedded DuckDB reports them (lower case). */
  private static Set<String> duckDbReserved;

  @BeforeAll
  static void askDuckDb() throws Exception {
    duckDbReserved = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(
            "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category <> 'unreserved'")) {
      while (r.next()) {
        duckDbReserved.add(r.getString(1).toLowerCase(Locale.ROOT));
      }
    }
  }

  static List<String> names() {
    List<String> names = new ArrayList<>(HostileNames.catalog());
    names.addAll(HostileNames.random(SEED, 2000));
    return names;
  }

  @Test
  void everyNameIsBareOnlyWhenSimpleAndNotReservedAndOtherwiseQuotedSoThatItUnquotesToItself() {
    List<String> names = names();
    int bare = 0;
    for (String name : names) {
      String quoted = IDS.quote(name);
      if (quoted.equals(name)) {
        bare++;
        assertThat(SIMPLE.matcher(name).matches()).as("bare name %s is simple", name).isTrue();
        assertThat(duckDbReserved).as("bare name %s is no reserved word", name).doesNotContain(name.toLowerCase(Locale.ROOT));
      } else {
        assertThat(unquote(quoted, '"')).as("quote(%s) = %s unquotes to the name", name, quoted).isEqualTo(name);
      }
    }
    // The generator must exercise both paths, or the check above proves little.
    assertThat(bare).isGreaterThan(20).isLessThan(names.size() / 2);
    assertThat(names).anyMatch(n -> n.length() > 1000).anyMatch(n -> n.codePoints().anyMatch(Character::isSupplementaryCodePoint))
        .anyMatch(n -> n.contains("\n")).anyMatch(n -> n.contains("\\")).anyMatch(n -> n.contains("\""))
        .anyMatch(n -> n.contains("--")).anyMatch(n -> n.contains("/*")).anyMatch(n -> n.contains(";"));
  }

  @Test
  void everyReservedWordIsQuotedInAnyCase() {
    assertThat(duckDbReserved).hasSizeGreaterThan(100).contains("select", "from", "table", "order", "primary");
    for (String word : duckDbReserved) {
      for (String variant : List.of(word, word.toUpperCase(Locale.ROOT), Character.toUpperCase(word.charAt(0)) + word.substring(1))) {
        assertThat(IDS.quote(variant)).as("reserved word %s", variant).isEqualTo('"' + variant + '"');
      }
    }
  }

  @Test
  void theCheckedInReservedWordsAreWhatTheEmbeddedDuckDbReports() throws Exception {
    Set<String> file;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        DuckDbIdentifiers.class.getResourceAsStream("reserved-words.txt"), StandardCharsets.UTF_8))) {
      file = in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(file).as("reserved-words.txt against duckdb_keywords(); regenerate the file when DuckDB is upgraded")
        .isEqualTo(duckDbReserved);
    assertThat(DuckDbIdentifiers.RESERVED).containsExactlyInAnyOrderElementsOf(duckDbReserved);
  }

  @Test
  void namesWithNulAreRejectedNamingTheProblem() {
    for (String name : HostileNames.withNul()) {
      assertThatThrownBy(() -> IDS.quote(name)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }
  }

  @Test
  void everyLiteralIsSingleQuotedAndUnquotesToItsValue() {
    for (String name : names()) {
      String literal = LITERALS.string(name);
      assertThat(unquote(literal, '\'')).as("literal of %s = %s", name, literal).isEqualTo(name);
    }
  }

  @Test
  void aNameIsItsOwnColumnAndIsStoredAsWritten() {
    for (String name : names()) {
      assertThat(IDS.column(name)).isEqualTo(name);
      assertThat(IDS.stored(name)).isEqualTo(name);
    }
    assertThat(IDS.caseInsensitive()).isTrue();
    assertThat(IDS.maxLength()).isZero();
  }

  /**
   * The value of a delimited token: {@code text} must open and close with {@code quote} and hold no other quote
   * except doubled ones, so that the token cannot end early, whatever follows it.
   */
  static String unquote(String text, char quote) {
    assertThat(text).as("delimited token").hasSizeGreaterThanOrEqualTo(2).startsWith(String.valueOf(quote)).endsWith(String.valueOf(quote));
    StringBuilder value = new StringBuilder();
    int i = 1;
    int end = text.length() - 1;
    while (i < end) {
      char c = text.charAt(i);
      if (c == quote) {
        assertThat(i + 1 < end && text.charAt(i + 1) == quote)
            .as("the %s at %d of %s is doubled (else the token would end there)", quote, i, text).isTrue();
        i += 2;
      } else {
        i++;
      }
      value.append(c);
    }
    return value.toString();
  }
}
