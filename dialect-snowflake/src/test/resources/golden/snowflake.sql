-- Golden SQL of dialect snowflake, rendered by org.flowmat.core.testing.GoldenSqlContract from the FixtureCatalog.
-- Generated: change the rendering, then rerun the test with -Dgolden.update=true and review the diff.

-- ==== 1. apply: the whole catalog against an empty warehouse ====
CREATE SCHEMA IF NOT EXISTS flow_schema;
CREATE SCHEMA IF NOT EXISTS main;
CREATE SCHEMA IF NOT EXISTS analytics;
CREATE SCHEMA IF NOT EXISTS "Schema Ünï";
CREATE TABLE IF NOT EXISTS flow_schema.flowmat_markers (
  materialization TEXT NOT NULL,
  key_begin INTEGER NOT NULL,
  key_end INTEGER NOT NULL,
  fence INTEGER NOT NULL,
  applied_plan INTEGER NOT NULL,
  PRIMARY KEY (materialization, key_begin, key_end)
);
CREATE TABLE IF NOT EXISTS main.all_types (
  id INTEGER NOT NULL,
  "_meta/op" TEXT NOT NULL,
  amount FLOAT NOT NULL,
  arr VARIANT,
  big_count INTEGER NOT NULL,
  blob BINARY,
  clock TEXT,
  count INTEGER,
  day DATE,
  flag BOOLEAN NOT NULL,
  flow_published_at TIMESTAMP_TZ NOT NULL,
  multi VARIANT,
  name TEXT NOT NULL,
  obj VARIANT,
  str_int INTEGER,
  str_int_wide INTEGER,
  str_num FLOAT,
  ts TIMESTAMP_TZ,
  u32 INTEGER,
  uid TEXT,
  flow_document VARIANT NOT NULL
  , PRIMARY KEY (id)
)
DEFAULT_DDL_COLLATION = '';
CREATE TABLE IF NOT EXISTS main."compound keys" (
  region TEXT NOT NULL,
  day TEXT NOT NULL,
  seq INTEGER NOT NULL,
  flow_published_at TIMESTAMP_TZ NOT NULL,
  updated TIMESTAMP_TZ,
  v FLOAT,
  flow_document VARIANT NOT NULL
  , PRIMARY KEY (region, day, seq)
)
DEFAULT_DDL_COLLATION = '';
CREATE TABLE IF NOT EXISTS analytics.events (
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload VARIANT,
  flow_document VARIANT NOT NULL
)
DEFAULT_DDL_COLLATION = '';
CREATE TABLE IF NOT EXISTS "Schema Ünï"."weird ""table""; DROP TABLE x; --" (
  """quoted""" TEXT NOT NULL,
  "1leading_digit" INTEGER,
  CaseField TEXT,
  "a/b" TEXT,
  "select" TEXT,
  "semi;colon'); DROP TABLE x; --" TEXT,
  "with space" BOOLEAN,
  "ünïcødé 名前" FLOAT,
  flow_document VARIANT NOT NULL
  , PRIMARY KEY ("""quoted""")
)
DEFAULT_DDL_COLLATION = '';

-- ==== 2.0 evolution: unchanged spec (the plan must be empty) ====
-- (no statements)

-- ==== 2.1 evolution: field added: optional string 'added "field"; --' selected in the hostile table ====
ALTER TABLE "Schema Ünï"."weird ""table""; DROP TABLE x; --" ADD COLUMN "added ""field""; --" TEXT;

-- ==== 2.2 evolution: field made optional: all_types.name may now be missing (NOT NULL dropped) ====
ALTER TABLE main.all_types ALTER COLUMN name DROP NOT NULL;

-- ==== 2.3 evolution: integer widened to number: all_types.count becomes a number (column type migration) ====
ALTER TABLE main.all_types ADD COLUMN count_flowtmp1 FLOAT;
UPDATE main.all_types SET count_flowtmp1 = CAST(count AS FLOAT);
ALTER TABLE main.all_types DROP COLUMN count;
ALTER TABLE main.all_types RENAME COLUMN count_flowtmp1 TO count;

-- ==== 2.4 evolution: field deselected: all_types.flag is no longer selected (NOT NULL dropped, column kept) ====
ALTER TABLE main.all_types ALTER COLUMN FLAG DROP NOT NULL;

-- ==== 2.5 evolution: backfill with an unchanged key: events is truncated ====
TRUNCATE TABLE analytics.events;

-- ==== 2.6 evolution: backfill with a changed key: compound keys is keyed by (region, seq) only (drop and create) ====
DROP TABLE IF EXISTS main."compound keys";
CREATE TABLE IF NOT EXISTS main."compound keys" (
  region TEXT NOT NULL,
  seq INTEGER NOT NULL,
  day DATE NOT NULL,
  flow_published_at TIMESTAMP_TZ NOT NULL,
  updated TIMESTAMP_TZ,
  v FLOAT,
  flow_document VARIANT NOT NULL
  , PRIMARY KEY (region, seq)
)
DEFAULT_DDL_COLLATION = '';

-- ==== 2.7 evolution: string widened to a union: all_types.name becomes JSON (each text as its JSON string) ====
ALTER TABLE main.all_types ADD COLUMN name_flowtmp1 VARIANT;
UPDATE main.all_types SET name_flowtmp1 = TO_VARIANT(name);
ALTER TABLE main.all_types DROP COLUMN name;
ALTER TABLE main.all_types RENAME COLUMN name_flowtmp1 TO name;
ALTER TABLE main.all_types ALTER COLUMN name SET NOT NULL;

-- ==== 2.8 evolution: bytes widened to a union: all_types.blob becomes JSON (each value as its base64 string) ====
ALTER TABLE main.all_types ADD COLUMN blob_flowtmp1 VARIANT;
UPDATE main.all_types SET blob_flowtmp1 = TO_VARIANT(blob);
ALTER TABLE main.all_types DROP COLUMN blob;
ALTER TABLE main.all_types RENAME COLUMN blob_flowtmp1 TO blob;

-- ==== 2.9 evolution: string integer widened to number: all_types.str_int becomes a number ====
ALTER TABLE main.all_types ADD COLUMN str_int_flowtmp1 FLOAT;
UPDATE main.all_types SET str_int_flowtmp1 = CAST(str_int AS FLOAT);
ALTER TABLE main.all_types DROP COLUMN str_int;
ALTER TABLE main.all_types RENAME COLUMN str_int_flowtmp1 TO str_int;

-- ==== 3. names: every catalog name as a literal and as an identifier ====
SELECT 'main' AS main;
SELECT 'all_types' AS all_types;
SELECT 'compound keys' AS "compound keys";
SELECT 'analytics' AS analytics;
SELECT 'events' AS events;
SELECT 'Schema Ünï' AS "Schema Ünï";
SELECT 'weird "table"; DROP TABLE x; --' AS "weird ""table""; DROP TABLE x; --";
SELECT '_meta/op' AS "_meta/op";
SELECT 'amount' AS amount;
SELECT 'arr' AS arr;
SELECT 'big_count' AS big_count;
SELECT 'blob' AS blob;
SELECT 'clock' AS clock;
SELECT 'count' AS count;
SELECT 'day' AS day;
SELECT 'flag' AS flag;
SELECT 'flow_document' AS flow_document;
SELECT 'flow_published_at' AS flow_published_at;
SELECT 'id' AS id;
SELECT 'multi' AS multi;
SELECT 'name' AS name;
SELECT 'nothing' AS nothing;
SELECT 'obj' AS obj;
SELECT 'str_int' AS str_int;
SELECT 'str_int_wide' AS str_int_wide;
SELECT 'str_num' AS str_num;
SELECT 'ts' AS ts;
SELECT 'u32' AS u32;
SELECT 'uid' AS uid;
SELECT 'region' AS region;
SELECT 'seq' AS seq;
SELECT 'updated' AS updated;
SELECT 'v' AS v;
SELECT 'kind' AS kind;
SELECT 'payload' AS payload;
SELECT '1leading_digit' AS "1leading_digit";
SELECT 'CaseField' AS CaseField;
SELECT '"quoted"' AS """quoted""";
SELECT 'a/b' AS "a/b";
SELECT 'casefield' AS casefield;
SELECT 'select' AS "select";
SELECT 'semi;colon''); DROP TABLE x; --' AS "semi;colon'); DROP TABLE x; --";
SELECT 'with space' AS "with space";
SELECT 'ünïcødé 名前' AS "ünïcødé 名前";

-- ==== 4.0 transactions: main.all_types (empty probe, Load, insert and merge) ====
SELECT COUNT(*) FROM (SELECT 1 FROM main.all_types LIMIT 1);
SELECT 0, TO_JSON(t.flow_document)
FROM main.all_types AS t
JOIN (
  SELECT $1:c0::INTEGER AS id
  FROM (SELECT $1 FROM staging/load_0-00000.ndjson)
) AS r
ON t.id = r.id
  AND t.id BETWEEN -3 AND 10;
INSERT INTO main.all_types (id, "_meta/op", amount, arr, big_count, blob, clock, count, day, flag, flow_published_at, multi, name, obj, str_int, str_int_wide, str_num, ts, u32, uid, flow_document)
SELECT $1:c0::INTEGER, $1:c1::TEXT, $1:c2::FLOAT, NULLIF($1:c3, PARSE_JSON('null')), $1:c4::INTEGER, TO_BINARY($1:c5::TEXT, 'BASE64'), $1:c6::TEXT, $1:c7::INTEGER, $1:c8::DATE, $1:c9::BOOLEAN, $1:c10::TIMESTAMP_TZ, NULLIF($1:c11, PARSE_JSON('null')), $1:c12::TEXT, NULLIF($1:c13, PARSE_JSON('null')), $1:c14::INTEGER, $1:c15::INTEGER, $1:c16::FLOAT, $1:c17::TIMESTAMP_TZ, $1:c18::INTEGER, $1:c19::TEXT, NULLIF($1:c20, PARSE_JSON('null'))
FROM (SELECT $1 FROM staging/store_0_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_0_7-00001.ndjson);
MERGE INTO main.all_types AS t
USING (
  SELECT $1:c0::INTEGER AS c0, $1:c1::TEXT AS c1, $1:c2::FLOAT AS c2, NULLIF($1:c3, PARSE_JSON('null')) AS c3, $1:c4::INTEGER AS c4, TO_BINARY($1:c5::TEXT, 'BASE64') AS c5, $1:c6::TEXT AS c6, $1:c7::INTEGER AS c7, $1:c8::DATE AS c8, $1:c9::BOOLEAN AS c9, $1:c10::TIMESTAMP_TZ AS c10, NULLIF($1:c11, PARSE_JSON('null')) AS c11, $1:c12::TEXT AS c12, NULLIF($1:c13, PARSE_JSON('null')) AS c13, $1:c14::INTEGER AS c14, $1:c15::INTEGER AS c15, $1:c16::FLOAT AS c16, $1:c17::TIMESTAMP_TZ AS c17, $1:c18::INTEGER AS c18, $1:c19::TEXT AS c19, NULLIF($1:c20, PARSE_JSON('null')) AS c20, $1:_flow_delete::BOOLEAN AS _flow_delete
  FROM (SELECT $1 FROM staging/store_0_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_0_7-00001.ndjson)
) AS r
ON t.id = r.c0
  AND t.id BETWEEN -3 AND 10
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "_meta/op" = r.c1, amount = r.c2, arr = r.c3, big_count = r.c4, blob = r.c5, clock = r.c6, count = r.c7, day = r.c8, flag = r.c9, flow_published_at = r.c10, multi = r.c11, name = r.c12, obj = r.c13, str_int = r.c14, str_int_wide = r.c15, str_num = r.c16, ts = r.c17, u32 = r.c18, uid = r.c19, flow_document = r.c20
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT (id, "_meta/op", amount, arr, big_count, blob, clock, count, day, flag, flow_published_at, multi, name, obj, str_int, str_int_wide, str_num, ts, u32, uid, flow_document)
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, r.c9, r.c10, r.c11, r.c12, r.c13, r.c14, r.c15, r.c16, r.c17, r.c18, r.c19, r.c20);

-- ==== 4.1 transactions: main.compound keys (empty probe, Load, insert and merge) ====
SELECT COUNT(*) FROM (SELECT 1 FROM main."compound keys" LIMIT 1);
SELECT 1, TO_JSON(t.flow_document)
FROM main."compound keys" AS t
JOIN (
  SELECT $1:c0::TEXT AS region, $1:c1::TEXT AS day, $1:c2::INTEGER AS seq
  FROM (SELECT $1 FROM staging/load_1-00000.ndjson)
) AS r
ON t.region = r.region AND t.day = r.day AND t.seq = r.seq
  AND t.region BETWEEN 'Zoë' AND '名前'
  AND t.day BETWEEN '2023-12-31' AND '2024-02-29'
  AND t.seq BETWEEN -3 AND 10;
INSERT INTO main."compound keys" (region, day, seq, flow_published_at, updated, v, flow_document)
SELECT $1:c0::TEXT, $1:c1::TEXT, $1:c2::INTEGER, $1:c3::TIMESTAMP_TZ, $1:c4::TIMESTAMP_TZ, $1:c5::FLOAT, NULLIF($1:c6, PARSE_JSON('null'))
FROM (SELECT $1 FROM staging/store_1_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_1_7-00001.ndjson);
MERGE INTO main."compound keys" AS t
USING (
  SELECT $1:c0::TEXT AS c0, $1:c1::TEXT AS c1, $1:c2::INTEGER AS c2, $1:c3::TIMESTAMP_TZ AS c3, $1:c4::TIMESTAMP_TZ AS c4, $1:c5::FLOAT AS c5, NULLIF($1:c6, PARSE_JSON('null')) AS c6, $1:_flow_delete::BOOLEAN AS _flow_delete
  FROM (SELECT $1 FROM staging/store_1_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_1_7-00001.ndjson)
) AS r
ON t.region = r.c0 AND t.day = r.c1 AND t.seq = r.c2
  AND t.region BETWEEN 'Zoë' AND '名前'
  AND t.day BETWEEN '2023-12-31' AND '2024-02-29'
  AND t.seq BETWEEN -3 AND 10
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET flow_published_at = r.c3, updated = r.c4, v = r.c5, flow_document = r.c6
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT (region, day, seq, flow_published_at, updated, v, flow_document)
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6);

-- ==== 4.2 transactions: analytics.events (empty probe, Load, append) ====
SELECT COUNT(*) FROM (SELECT 1 FROM analytics.events LIMIT 1);
INSERT INTO analytics.events (id, kind, payload, flow_document)
SELECT $1:c0::TEXT, $1:c1::TEXT, NULLIF($1:c2, PARSE_JSON('null')), NULLIF($1:c3, PARSE_JSON('null'))
FROM (SELECT $1 FROM staging/store_2_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_2_7-00001.ndjson);

-- ==== 4.3 transactions: Schema Ünï.weird "table"; DROP TABLE x; -- (empty probe, Load, insert and merge) ====
SELECT COUNT(*) FROM (SELECT 1 FROM "Schema Ünï"."weird ""table""; DROP TABLE x; --" LIMIT 1);
SELECT 3, TO_JSON(t.flow_document)
FROM "Schema Ünï"."weird ""table""; DROP TABLE x; --" AS t
JOIN (
  SELECT $1:c0::TEXT AS """quoted"""
  FROM (SELECT $1 FROM staging/load_3-00000.ndjson)
) AS r
ON t."""quoted""" = r."""quoted"""
  AND t."""quoted""" BETWEEN 'Zoë' AND '名前';
INSERT INTO "Schema Ünï"."weird ""table""; DROP TABLE x; --" ("""quoted""", "1leading_digit", CaseField, "a/b", "select", "semi;colon'); DROP TABLE x; --", "with space", "ünïcødé 名前", flow_document)
SELECT $1:c0::TEXT, $1:c1::INTEGER, $1:c2::TEXT, $1:c3::TEXT, $1:c4::TEXT, $1:c5::TEXT, $1:c6::BOOLEAN, $1:c7::FLOAT, NULLIF($1:c8, PARSE_JSON('null'))
FROM (SELECT $1 FROM staging/store_3_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_3_7-00001.ndjson);
MERGE INTO "Schema Ünï"."weird ""table""; DROP TABLE x; --" AS t
USING (
  SELECT $1:c0::TEXT AS c0, $1:c1::INTEGER AS c1, $1:c2::TEXT AS c2, $1:c3::TEXT AS c3, $1:c4::TEXT AS c4, $1:c5::TEXT AS c5, $1:c6::BOOLEAN AS c6, $1:c7::FLOAT AS c7, NULLIF($1:c8, PARSE_JSON('null')) AS c8, $1:_flow_delete::BOOLEAN AS _flow_delete
  FROM (SELECT $1 FROM staging/store_3_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_3_7-00001.ndjson)
) AS r
ON t."""quoted""" = r.c0
  AND t."""quoted""" BETWEEN 'Zoë' AND '名前'
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "1leading_digit" = r.c1, CaseField = r.c2, "a/b" = r.c3, "select" = r.c4, "semi;colon'); DROP TABLE x; --" = r.c5, "with space" = r.c6, "ünïcødé 名前" = r.c7, flow_document = r.c8
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT ("""quoted""", "1leading_digit", CaseField, "a/b", "select", "semi;colon'); DROP TABLE x; --", "with space", "ünïcødé 名前", flow_document)
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8);

-- ==== 4.4 transactions: main.key_kinds (empty probe, Load, insert and merge) ====
SELECT COUNT(*) FROM (SELECT 1 FROM main.key_kinds LIMIT 1);
SELECT 4, TO_JSON(t.flow_document)
FROM main.key_kinds AS t
JOIN (
  SELECT $1:c0::INTEGER AS n, TO_BINARY($1:c1::TEXT, 'BASE64') AS bin, $1:c2::BOOLEAN AS flag, $1:c3::TEXT AS at
  FROM (SELECT $1 FROM staging/load_4-00000.ndjson)
) AS r
ON t.n = r.n AND t.bin = r.bin AND t.flag = r.flag AND t.at = r.at
  AND t.n BETWEEN -3 AND 10
  AND t.at BETWEEN '2024-02-29T11:00:00Z' AND '2024-02-29T12:00:00z';
INSERT INTO main.key_kinds (n, bin, flag, at, v, flow_document)
SELECT $1:c0::INTEGER, TO_BINARY($1:c1::TEXT, 'BASE64'), $1:c2::BOOLEAN, $1:c3::TEXT, $1:c4::TEXT, NULLIF($1:c5, PARSE_JSON('null'))
FROM (SELECT $1 FROM staging/store_4_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_4_7-00001.ndjson);
MERGE INTO main.key_kinds AS t
USING (
  SELECT $1:c0::INTEGER AS c0, TO_BINARY($1:c1::TEXT, 'BASE64') AS c1, $1:c2::BOOLEAN AS c2, $1:c3::TEXT AS c3, $1:c4::TEXT AS c4, NULLIF($1:c5, PARSE_JSON('null')) AS c5, $1:_flow_delete::BOOLEAN AS _flow_delete
  FROM (SELECT $1 FROM staging/store_4_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_4_7-00001.ndjson)
) AS r
ON t.n = r.c0 AND t.bin = r.c1 AND t.flag = r.c2 AND t.at = r.c3
  AND t.n BETWEEN -3 AND 10
  AND t.at BETWEEN '2024-02-29T11:00:00Z' AND '2024-02-29T12:00:00z'
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET v = r.c4, flow_document = r.c5
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT (n, bin, flag, at, v, flow_document)
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5);

-- ==== 4.5 transactions: main.all_types_columns (empty probe, Load, insert and merge) ====
SELECT COUNT(*) FROM (SELECT 1 FROM main.all_types_columns LIMIT 1);
SELECT TO_JSON(TO_VARIANT(t.id)), TO_JSON(TO_VARIANT(t."_meta/op")), CASE WHEN t.amount IS NULL THEN NULL WHEN t.amount = 'NaN'::FLOAT THEN '"NaN"' WHEN t.amount = 'inf'::FLOAT THEN '"Infinity"' WHEN t.amount = '-inf'::FLOAT THEN '"-Infinity"' ELSE TO_JSON(TO_VARIANT(t.amount)) END, TO_JSON(t.arr), TO_JSON(TO_VARIANT(t.big_count)), TO_JSON(TO_VARIANT(BASE64_ENCODE(t.blob))), TO_JSON(TO_VARIANT(t.clock)), TO_JSON(TO_VARIANT(t.count)), TO_JSON(TO_VARIANT(TO_VARCHAR(t.day, 'YYYY-MM-DD'))), TO_JSON(TO_VARIANT(t.flag)), TO_JSON(TO_VARIANT(TO_VARCHAR(CONVERT_TIMEZONE('UTC', t.flow_published_at), 'YYYY-MM-DD"T"HH24:MI:SS.FF9"Z"'))), TO_JSON(t.multi), TO_JSON(TO_VARIANT(t.name)), TO_JSON(t.obj), TO_JSON(TO_VARIANT(CAST(t.str_int AS TEXT))), TO_JSON(TO_VARIANT(CAST(t.str_int_wide AS TEXT))), CASE WHEN t.str_num IS NULL THEN NULL WHEN t.str_num = 'NaN'::FLOAT THEN '"NaN"' WHEN t.str_num = 'inf'::FLOAT THEN '"Infinity"' WHEN t.str_num = '-inf'::FLOAT THEN '"-Infinity"' ELSE TO_JSON(TO_VARIANT(CAST(t.str_num AS TEXT))) END, TO_JSON(TO_VARIANT(TO_VARCHAR(CONVERT_TIMEZONE('UTC', t.ts), 'YYYY-MM-DD"T"HH24:MI:SS.FF9"Z"'))), TO_JSON(TO_VARIANT(CAST(t.u32 AS TEXT))), TO_JSON(TO_VARIANT(t.uid))
FROM main.all_types_columns AS t
JOIN (
  SELECT $1:c0::INTEGER AS id
  FROM (SELECT $1 FROM staging/load_5-00000.ndjson)
) AS r
ON t.id = r.id
  AND t.id BETWEEN -3 AND 10;
INSERT INTO main.all_types_columns (id, "_meta/op", amount, arr, big_count, blob, clock, count, day, flag, flow_published_at, multi, name, obj, str_int, str_int_wide, str_num, ts, u32, uid)
SELECT $1:c0::INTEGER, $1:c1::TEXT, $1:c2::FLOAT, NULLIF($1:c3, PARSE_JSON('null')), $1:c4::INTEGER, TO_BINARY($1:c5::TEXT, 'BASE64'), $1:c6::TEXT, $1:c7::INTEGER, $1:c8::DATE, $1:c9::BOOLEAN, $1:c10::TIMESTAMP_TZ, NULLIF($1:c11, PARSE_JSON('null')), $1:c12::TEXT, NULLIF($1:c13, PARSE_JSON('null')), $1:c14::INTEGER, $1:c15::INTEGER, $1:c16::FLOAT, $1:c17::TIMESTAMP_TZ, $1:c18::INTEGER, $1:c19::TEXT
FROM (SELECT $1 FROM staging/store_5_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_5_7-00001.ndjson);
MERGE INTO main.all_types_columns AS t
USING (
  SELECT $1:c0::INTEGER AS c0, $1:c1::TEXT AS c1, $1:c2::FLOAT AS c2, NULLIF($1:c3, PARSE_JSON('null')) AS c3, $1:c4::INTEGER AS c4, TO_BINARY($1:c5::TEXT, 'BASE64') AS c5, $1:c6::TEXT AS c6, $1:c7::INTEGER AS c7, $1:c8::DATE AS c8, $1:c9::BOOLEAN AS c9, $1:c10::TIMESTAMP_TZ AS c10, NULLIF($1:c11, PARSE_JSON('null')) AS c11, $1:c12::TEXT AS c12, NULLIF($1:c13, PARSE_JSON('null')) AS c13, $1:c14::INTEGER AS c14, $1:c15::INTEGER AS c15, $1:c16::FLOAT AS c16, $1:c17::TIMESTAMP_TZ AS c17, $1:c18::INTEGER AS c18, $1:c19::TEXT AS c19, $1:_flow_delete::BOOLEAN AS _flow_delete
  FROM (SELECT $1 FROM staging/store_5_7-00000.ndjson
  UNION ALL SELECT $1 FROM staging/store_5_7-00001.ndjson)
) AS r
ON t.id = r.c0
  AND t.id BETWEEN -3 AND 10
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "_meta/op" = r.c1, amount = r.c2, arr = r.c3, big_count = r.c4, blob = r.c5, clock = r.c6, count = r.c7, day = r.c8, flag = r.c9, flow_published_at = r.c10, multi = r.c11, name = r.c12, obj = r.c13, str_int = r.c14, str_int_wide = r.c15, str_num = r.c16, ts = r.c17, u32 = r.c18, uid = r.c19
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT (id, "_meta/op", amount, arr, big_count, blob, clock, count, day, flag, flow_published_at, multi, name, obj, str_int, str_int_wide, str_num, ts, u32, uid)
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, r.c9, r.c10, r.c11, r.c12, r.c13, r.c14, r.c15, r.c16, r.c17, r.c18, r.c19);

-- ==== 4.6 one query for the Loads of every binding with a document (for dialects with oneLoadQuery) ====
SELECT 0, TO_JSON(t.flow_document)
FROM main.all_types AS t
JOIN (
  SELECT $1:c0::INTEGER AS id
  FROM (SELECT $1 FROM staging/load_0-00000.ndjson)
) AS r
ON t.id = r.id
  AND t.id BETWEEN -3 AND 10
UNION ALL
SELECT 1, TO_JSON(t.flow_document)
FROM main."compound keys" AS t
JOIN (
  SELECT $1:c0::TEXT AS region, $1:c1::TEXT AS day, $1:c2::INTEGER AS seq
  FROM (SELECT $1 FROM staging/load_1-00000.ndjson)
) AS r
ON t.region = r.region AND t.day = r.day AND t.seq = r.seq
  AND t.region BETWEEN 'Zoë' AND '名前'
  AND t.day BETWEEN '2023-12-31' AND '2024-02-29'
  AND t.seq BETWEEN -3 AND 10
UNION ALL
SELECT 3, TO_JSON(t.flow_document)
FROM "Schema Ünï"."weird ""table""; DROP TABLE x; --" AS t
JOIN (
  SELECT $1:c0::TEXT AS """quoted"""
  FROM (SELECT $1 FROM staging/load_3-00000.ndjson)
) AS r
ON t."""quoted""" = r."""quoted"""
  AND t."""quoted""" BETWEEN 'Zoë' AND '名前'
UNION ALL
SELECT 4, TO_JSON(t.flow_document)
FROM main.key_kinds AS t
JOIN (
  SELECT $1:c0::INTEGER AS n, TO_BINARY($1:c1::TEXT, 'BASE64') AS bin, $1:c2::BOOLEAN AS flag, $1:c3::TEXT AS at
  FROM (SELECT $1 FROM staging/load_4-00000.ndjson)
) AS r
ON t.n = r.n AND t.bin = r.bin AND t.flag = r.flag AND t.at = r.at
  AND t.n BETWEEN -3 AND 10
  AND t.at BETWEEN '2024-02-29T11:00:00Z' AND '2024-02-29T12:00:00z';

-- ==== 5. markers: Open's fence bump, covering row and insert; Acknowledge's claim and read-back ====
UPDATE flow_schema.flowmat_markers SET fence = fence + 1
WHERE materialization = 'acmeCo/fixtures' AND key_end >= 0 AND key_begin <= 2147483647;
SELECT fence, key_begin, key_end, applied_plan FROM flow_schema.flowmat_markers
WHERE materialization = 'acmeCo/fixtures' AND key_begin <= 0 AND key_end >= 2147483647
ORDER BY key_end - key_begin ASC
LIMIT 1;
INSERT INTO flow_schema.flowmat_markers (materialization, key_begin, key_end, fence, applied_plan)
VALUES ('acmeCo/fixtures', 0, 2147483647, 3, 6);
UPDATE flow_schema.flowmat_markers SET applied_plan = 7
WHERE materialization = 'acmeCo/fixtures' AND key_begin = 0 AND key_end = 2147483647
  AND fence = 3 AND applied_plan < 7;
SELECT fence, applied_plan FROM flow_schema.flowmat_markers
WHERE materialization = 'acmeCo/fixtures' AND key_begin = 0 AND key_end = 2147483647;
