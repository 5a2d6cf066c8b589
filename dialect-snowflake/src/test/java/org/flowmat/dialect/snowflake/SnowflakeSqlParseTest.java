package org.flowmat.dialect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.truncate.Truncate;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.testing.GoldenSqlContract;
import org.junit.jupiter.api.Test;

/**
 * Every DDL statement and MERGE the dialect renders for the fixture catalog (the golden file's statements) parses
 * with JSqlParser, as the statement kind it should be: a template that lost a parenthesis, a comma or a keyword
 * fails here. JSqlParser knows no Snowflake staged-file syntax, so before parsing a staged reference
 * ({@code $1:c0}) becomes a column, a stage location a table name, and the bare column names COUNT and BLOB
 * (keywords to JSqlParser, plain names to Snowflake) are quoted; nothing else is changed.
 */
class SnowflakeSqlParseTest {
  private static final Pattern STAGED_VALUE = Pattern.compile("\\$1:(\\w+)");
  private static final Pattern JSQL_KEYWORDS = Pattern.compile("(?<![\\w\"])(count|blob)(?![\\w\"])");
  private static final Pattern STAGED_ROW = Pattern.compile("SELECT \\$1 FROM [^\\s)]+");

  static List<String> statements() {
    Endpoint endpoint = SnowflakeGoldenSqlTest.goldenEndpoint();
    Dialect dialect = new SnowflakeDialect().configuredBy(endpoint);
    List<String> out = new ArrayList<>();
    GoldenSqlContract.sections(dialect, endpoint).forEach(s -> out.addAll(s.statements()));
    return out;
  }

  static String jsqlForm(String sql) {
    String s = STAGED_ROW.matcher(sql).replaceAll("SELECT staged_row FROM staged_file");
    s = JSQL_KEYWORDS.matcher(s).replaceAll("\"$1\"");
    return STAGED_VALUE.matcher(s).replaceAll("staged_row_$1");
  }

  @Test
  void everyDdlAndMergeParses() throws Exception {
    int ddl = 0;
    int merges = 0;
    for (String sql : statements()) {
      String head = sql.strip().split("\\s+")[0];
      Class<? extends Statement> kind = switch (head) {
        case "CREATE" -> sql.startsWith("CREATE SCHEMA") ? CreateSchema.class : CreateTable.class;
        case "ALTER" -> Alter.class;
        case "DROP" -> Drop.class;
        case "TRUNCATE" -> Truncate.class;
        case "MERGE" -> Merge.class;
        default -> null;
      };
      if (kind == null) {
        continue;
      }
      Statement parsed = CCJSqlParserUtil.parse(jsqlForm(sql));
      assertThat(parsed).as(sql).isInstanceOf(kind);
      if (parsed instanceof Merge) {
        merges++;
      } else {
        ddl++;
      }
    }
    assertThat(ddl).isGreaterThan(20);
    assertThat(merges).isGreaterThanOrEqualTo(3);
  }
}
