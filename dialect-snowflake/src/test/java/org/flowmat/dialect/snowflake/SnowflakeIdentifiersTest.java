package org.flowmat.dialect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowmat.core.dialect.Identifiers;
import org.flowmat.core.model.TablePath;
import org.junit.jupiter.api.Test;

/** Names as Snowflake resolves them, and literals as it reads them. */
class SnowflakeIdentifiersTest {
  private final Identifiers ids = new SnowflakeIdentifiers();

  @Test
  void simpleNamesStayBareAndFoldToUpperCase() {
    assertThat(ids.quote("orders")).isEqualTo("orders");
    assertThat(ids.stored("orders")).isEqualTo("ORDERS");
    assertThat(ids.stored("CaseField")).isEqualTo("CASEFIELD");
    assertThat(ids.quote("_meta")).isEqualTo("_meta");
    assertThat(ids.stored("café")).isEqualTo("CAFÉ"); // Unicode letters are simple, as in Estuary's connector
    assertThat(ids.columnOf("orders").sameAs(ids.existingColumn("ORDERS"))).isTrue();
    assertThat(ids.columnOf("orders").sameAs(ids.existingColumn("orders"))).isFalse();
  }

  @Test
  void otherNamesAreQuotedAndKeepTheirCase() {
    assertThat(ids.quote("_meta/op")).isEqualTo("\"_meta/op\"");
    assertThat(ids.stored("_meta/op")).isEqualTo("_meta/op");
    assertThat(ids.quote("1leading")).isEqualTo("\"1leading\"");
    assertThat(ids.quote("with space")).isEqualTo("\"with space\"");
    assertThat(ids.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ids.quote("a$b")).isEqualTo("\"a$b\"");
    assertThat(ids.columnOf("With Space").sameAs(ids.columnOf("with space"))).isFalse();
    assertThatThrownBy(() -> ids.quote("a\0b")).hasMessageContaining("NUL");
  }

  @Test
  void reservedWordsAreQuotedAndStoredAsWritten() {
    for (String word : new String[] {"select", "Table", "dual", "qualify", "try_cast", "current_user"}) {
      assertThat(ids.quote(word)).isEqualTo("\"" + word + "\"");
      assertThat(ids.stored(word)).isEqualTo(word);
    }
    assertThat(SnowflakeIdentifiers.RESERVED).hasSize(92);
    assertThat(ids.quote("count")).isEqualTo("count"); // a function name, not reserved
  }

  @Test
  void columnsHoldAtMost255Characters() {
    assertThat(ids.maxLength()).isEqualTo(255);
    assertThat(ids.fits("x".repeat(255))).isTrue();
    assertThat(ids.fits("x".repeat(256))).isFalse();
    assertThat(ids.caseInsensitive()).isFalse();
  }

  @Test
  void tablePathsAndTheirIdentities() {
    TablePath path = TablePath.of("flow_schema", "Weird Table");
    assertThat(ids.quote(path)).isEqualTo("flow_schema.\"Weird Table\"");
    assertThat(ids.table(path).sameAs(ids.table(TablePath.of("FLOW_SCHEMA", "Weird Table")))).isTrue();
    assertThat(ids.table(path).sameAs(ids.table(TablePath.of("flow_schema", "weird table")))).isFalse();
  }

  @Test
  void literalsDoubleQuotesAndBackslashes() {
    SnowflakeLiterals l = SnowflakeLiterals.INSTANCE;
    assertThat(l.string("it's")).isEqualTo("'it''s'");
    assertThat(l.string("a\\'b")).isEqualTo("'a\\\\''b'");
    assertThat(l.string("C:\\dir\\")).isEqualTo("'C:\\\\dir\\\\'");
    assertThatThrownBy(() -> l.string("a\0")).hasMessageContaining("NUL");
  }
}
