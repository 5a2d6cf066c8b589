package org.flowmat.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlTemplatesWithTest {
  /** The repository's DuckDB templates (templates/duckdb/ above this module). */
  private static final SqlTemplates DUCKDB;

  static {
    try {
      DUCKDB = new SqlTemplates("duckdb", new URLClassLoader(new URL[] {Path.of("..").toUri().toURL()}, null));
    } catch (java.net.MalformedURLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Test
  void endpointValuesAreSeenByEveryTemplateAndTheStatementsOwnModelWins() {
    SqlTemplates configured = DUCKDB.with(Map.of("column", "endpoint_value", "staged", "c9"));
    assertThat(configured.render("staged_column", Map.of())).isEqualTo("r.c9");
    assertThat(configured.render("staged_column", Map.of("staged", "c1"))).isEqualTo("r.c1");
    assertThat(configured.render("target_column", Map.of())).isEqualTo("t.endpoint_value");
    assertThat(DUCKDB.render("staged_column", Map.of("staged", "c2"))).isEqualTo("r.c2");
  }
}
