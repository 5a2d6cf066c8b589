package org.flowmat.dialect.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the golden SQL (DDL, Loads, INSERTs, MERGEs, marker statements), its staged sources lowered to
 * external table names as the client sends them, parses with JSqlParser. JSqlParser has no GoogleSQL grammar: what
 * it cannot read is named here and cut before parsing, so the rest of the statement is still checked — BigQuery's
 * PARTITION BY / CLUSTER BY / OPTIONS table clauses, ALTER COLUMN … SET DATA TYPE, and ASSERT (the guard statement).
 */
class BigQuerySqlParsesTest {
  private static final List<String> UNPARSEABLE_CLAUSES = List.of("\nPARTITION BY ", "\nCLUSTER BY ", "\nOPTIONS (");

  @Test
  void everyGoldenStatementParses() throws Exception {
    List<String> statements = statements(Files.readString(Path.of("src/test/resources/golden/bigquery.sql")));
    assertThat(statements).hasSizeGreaterThan(40);
    List<String> failures = new ArrayList<>();
    int parsed = 0;
    for (String statement : statements) {
      String sql = StagedSources.lower(statement).sql();
      if (sql.startsWith("ASSERT ")) {
        continue; // GoogleSQL's ASSERT has no JSqlParser grammar
      }
      sql = sql.replace(" SET DATA TYPE ", " TYPE ");
      for (String clause : UNPARSEABLE_CLAUSES) {
        int at = sql.indexOf(clause);
        if (at > 0) {
          sql = sql.substring(0, at);
        }
      }
      try {
        String finalSql = sql;
        CCJSqlParserUtil.parse(finalSql, p -> p.withBackslashEscapeCharacter(true));
        parsed++;
      } catch (Exception e) {
        failures.add(sql + "\n  -> " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    assertThat(failures).as("statements JSqlParser cannot parse").isEmpty();
    assertThat(parsed).isGreaterThan(40);
  }

  /** The golden file's statements: comment lines dropped, split at a {@code ;} that ends a line. */
  static List<String> statements(String golden) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : golden.split("\n")) {
      if (line.startsWith("--") && current.length() == 0) {
        continue;
      }
      current.append(line).append('\n');
      if (line.endsWith(";")) {
        String s = current.toString().strip();
        out.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    return out;
  }
}
