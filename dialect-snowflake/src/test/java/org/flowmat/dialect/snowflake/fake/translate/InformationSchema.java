package org.flowmat.dialect.snowflake.fake.translate;

/**
 * Snowflake's per-database INFORMATION_SCHEMA views over DuckDB's: Snowflake's column names (upper case) and type
 * names (NUMBER, TEXT, FLOAT, VARIANT, TIMESTAMP_NTZ/LTZ, BINARY ...), only the given database's objects, DuckDB's
 * own {@code main} schema hidden.
 */
public final class InformationSchema {
  private InformationSchema() {}

  /** The DuckDB type name as Snowflake reports it. DuckDB keeps no difference between TIMESTAMP_LTZ and _TZ. */
  static final String DATA_TYPE = "CASE WHEN data_type LIKE 'DECIMAL%' OR data_type IN ('TINYINT','SMALLINT','INTEGER',"
      + "'BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT') THEN 'NUMBER' "
      + "WHEN data_type = 'VARCHAR' THEN 'TEXT' WHEN data_type IN ('DOUBLE','FLOAT') THEN 'FLOAT' "
      + "WHEN data_type = 'JSON' THEN 'VARIANT' WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' "
      + "WHEN data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ' WHEN data_type = 'BLOB' THEN 'BINARY' "
      + "WHEN data_type LIKE 'TIME%' THEN 'TIME' ELSE data_type END";

  private static final String HIDDEN = "('main', 'information_schema', 'pg_catalog')";

  /** DuckDB SQL for view {@code name} of database {@code database}, or null for a view the fake does not have. */
  public static String view(String name, String database) {
    String db = "'" + database.replace("'", "''") + "'";
    return switch (name) {
      case "COLUMNS" -> "(SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME, "
          + "column_name AS COLUMN_NAME, ordinal_position AS ORDINAL_POSITION, column_default AS COLUMN_DEFAULT, "
          + "is_nullable AS IS_NULLABLE, " + DATA_TYPE + " AS DATA_TYPE, "
          + "CASE WHEN data_type = 'VARCHAR' THEN 16777216 WHEN data_type = 'BLOB' THEN 8388608 END AS CHARACTER_MAXIMUM_LENGTH, "
          + "CASE WHEN data_type = 'VARCHAR' THEN 16777216 WHEN data_type = 'BLOB' THEN 8388608 END AS CHARACTER_OCTET_LENGTH, "
          + "CASE WHEN data_type LIKE 'DECIMAL%' OR data_type LIKE '%INT%' THEN coalesce(numeric_precision, 38) END AS NUMERIC_PRECISION, "
          + "CASE WHEN data_type LIKE 'DECIMAL%' OR data_type LIKE '%INT%' THEN coalesce(numeric_scale, 0) END AS NUMERIC_SCALE, "
          + "CAST(NULL AS VARCHAR) AS COMMENT "
          + "FROM information_schema.columns WHERE table_catalog = " + db + " AND table_schema NOT IN " + HIDDEN + ")";
      case "TABLES" -> "(SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME, "
          + "CASE WHEN table_type = 'VIEW' THEN 'VIEW' WHEN table_type = 'LOCAL TEMPORARY' THEN 'TEMPORARY TABLE' "
          + "ELSE 'BASE TABLE' END AS TABLE_TYPE, CAST(NULL AS VARCHAR) AS CLUSTERING_KEY, "
          + "CAST(NULL AS BIGINT) AS ROW_COUNT, CAST(NULL AS VARCHAR) AS COMMENT "
          + "FROM information_schema.tables WHERE table_catalog = " + db + " AND table_schema NOT IN " + HIDDEN + ")";
      case "SCHEMATA" -> "(SELECT catalog_name AS CATALOG_NAME, schema_name AS SCHEMA_NAME, "
          + "CAST(NULL AS VARCHAR) AS SCHEMA_OWNER, 'NO' AS IS_TRANSIENT, CAST(NULL AS VARCHAR) AS COMMENT "
          + "FROM information_schema.schemata WHERE catalog_name = " + db + " AND schema_name NOT IN " + HIDDEN
          + " UNION ALL SELECT " + db + ", 'INFORMATION_SCHEMA', NULL, 'NO', NULL)";
      default -> null;
    };
  }
}
