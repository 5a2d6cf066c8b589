-- Golden SQL of dialect skeleton, rendered by org.flowmat.core.testing.GoldenSqlContract from the FixtureCatalog.
-- Generated: change the rendering, then rerun the test with -Dgolden.update=true and review the diff.

-- ==== 1. apply: the whole catalog against an empty warehouse ====
CREATE SCHEMA IF NOT EXISTS "public";
CREATE SCHEMA IF NOT EXISTS "main";
CREATE SCHEMA IF NOT EXISTS "analytics";
CREATE SCHEMA IF NOT EXISTS "Schema Ünï";
CREATE TABLE IF NOT EXISTS "public"."flowmat_markers" (
  materialization VARCHAR NOT NULL,
  key_begin BIGINT NOT NULL,
  key_end BIGINT NOT NULL,
  fence BIGINT NOT NULL,
  applied_plan BIGINT NOT NULL,
  PRIMARY KEY (materialization, key_begin, key_end)
);
CREATE TABLE IF NOT EXISTS "main"."all_types" (
  "id" BIGINT NOT NULL,
  "_meta/op" VARCHAR NOT NULL,
  "amount" DOUBLE PRECISION NOT NULL,
  "arr" JSON,
  "big_count" NUMERIC(38,0) NOT NULL,
  "blob" VARBINARY,
  "clock" VARCHAR,
  "count" BIGINT,
  "day" DATE,
  "flag" BOOLEAN NOT NULL,
  "flow_published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
  "multi" JSON,
  "name" VARCHAR NOT NULL,
  "obj" JSON,
  "str_int" VARCHAR,
  "str_int_wide" VARCHAR,
  "str_num" DOUBLE PRECISION,
  "ts" TIMESTAMP WITH TIME ZONE,
  "u32" VARCHAR,
  "uid" VARCHAR,
  "flow_document" JSON NOT NULL
  , PRIMARY KEY ("id")
);
CREATE TABLE IF NOT EXISTS "main"."compound keys" (
  "region" VARCHAR NOT NULL,
  "day" VARCHAR NOT NULL,
  "seq" BIGINT NOT NULL,
  "flow_published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
  "updated" TIMESTAMP WITH TIME ZONE,
  "v" DOUBLE PRECISION,
  "flow_document" JSON NOT NULL
  , PRIMARY KEY ("region", "day", "seq")
);
CREATE TABLE IF NOT EXISTS "analytics"."events" (
  "id" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL,
  "payload" JSON,
  "flow_document" JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS "Schema Ünï"."weird ""table""; DROP TABLE x; --" (
  """quoted""" VARCHAR NOT NULL,
  "1leading_digit" BIGINT,
  "CaseField" VARCHAR,
  "a/b" VARCHAR,
  "select" VARCHAR,
  "semi;colon'); DROP TABLE x; --" VARCHAR,
  "with space" BOOLEAN,
  "ünïcødé 名前" DOUBLE PRECISION,
  "flow_document" JSON NOT NULL
  , PRIMARY KEY ("""quoted""")
);

-- ==== 2.0 evolution: unchanged spec (the plan must be empty) ====
-- (no statements)

-- ==== 2.1 evolution: field added: optional string 'added "field"; --' selected in the hostile table ====
ALTER TABLE "Schema Ünï"."weird ""table""; DROP TABLE x; --" ADD COLUMN "added ""field""; --" VARCHAR;

-- ==== 2.2 evolution: field made optional: all_types.name may now be missing (NOT NULL dropped) ====
ALTER TABLE "main"."all_types" ALTER COLUMN "name" DROP NOT NULL;

-- ==== 2.3 evolution: integer widened to number: all_types.count becomes a number (column type migration) ====
ALTER TABLE "main"."all_types" ADD COLUMN "count_flowtmp1" DOUBLE PRECISION;
UPDATE "main"."all_types" SET "count_flowtmp1" = CAST("count" AS DOUBLE PRECISION);
ALTER TABLE "main"."all_types" DROP COLUMN "count";
ALTER TABLE "main"."all_types" RENAME COLUMN "count_flowtmp1" TO "count";

-- ==== 2.4 evolution: field deselected: all_types.flag is no longer selected (NOT NULL dropped, column kept) ====
ALTER TABLE "main"."all_types" ALTER COLUMN "flag" DROP NOT NULL;

-- ==== 2.5 evolution: backfill with an unchanged key: events is truncated ====
TRUNCATE "analytics"."events";

-- ==== 2.6 evolution: backfill with a changed key: compound keys is keyed by (region, seq) only (drop and create) ====
DROP TABLE IF EXISTS "main"."compound keys";
CREATE TABLE IF NOT EXISTS "main"."compound keys" (
  "region" VARCHAR NOT NULL,
  "seq" BIGINT NOT NULL,
  "day" DATE NOT NULL,
  "flow_published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
  "updated" TIMESTAMP WITH TIME ZONE,
  "v" DOUBLE PRECISION,
  "flow_document" JSON NOT NULL
  , PRIMARY KEY ("region", "seq")
);

-- ==== 2.7 evolution: string widened to a union: all_types.name becomes JSON (each text as its JSON string) ====
ALTER TABLE "main"."all_types" ADD COLUMN "name_flowtmp1" JSON;
UPDATE "main"."all_types" SET "name_flowtmp1" = TO_JSON("name");
ALTER TABLE "main"."all_types" DROP COLUMN "name";
ALTER TABLE "main"."all_types" RENAME COLUMN "name_flowtmp1" TO "name";
ALTER TABLE "main"."all_types" ALTER COLUMN "name" SET NOT NULL;

-- ==== 2.8 evolution: bytes widened to a union: all_types.blob becomes JSON (each value as its base64 string) ====
ALTER TABLE "main"."all_types" ADD COLUMN "blob_flowtmp1" JSON;
UPDATE "main"."all_types" SET "blob_flowtmp1" = TO_JSON("blob");
ALTER TABLE "main"."all_types" DROP COLUMN "blob";
ALTER TABLE "main"."all_types" RENAME COLUMN "blob_flowtmp1" TO "blob";

-- ==== 2.9 evolution: string integer widened to number: all_types.str_int becomes a number ====
ALTER TABLE "main"."all_types" ADD COLUMN "str_int_flowtmp1" DOUBLE PRECISION;
UPDATE "main"."all_types" SET "str_int_flowtmp1" = CAST("str_int" AS DOUBLE PRECISION);
ALTER TABLE "main"."all_types" DROP COLUMN "str_int";
ALTER TABLE "main"."all_types" RENAME COLUMN "str_int_flowtmp1" TO "str_int";

-- ==== 3. names: every catalog name as a literal and as an identifier ====
SELECT 'main' AS "main";
SELECT 'all_types' AS "all_types";
SELECT 'compound keys' AS "compound keys";
SELECT 'analytics' AS "analytics";
SELECT 'events' AS "events";
SELECT 'Schema Ünï' AS "Schema Ünï";
SELECT 'weird "table"; DROP TABLE x; --' AS "weird ""table""; DROP TABLE x; --";
SELECT '_meta/op' AS "_meta/op";
SELECT 'amount' AS "amount";
SELECT 'arr' AS "arr";
SELECT 'big_count' AS "big_count";
SELECT 'blob' AS "blob";
SELECT 'clock' AS "clock";
SELECT 'count' AS "count";
SELECT 'day' AS "day";
SELECT 'flag' AS "flag";
SELECT 'flow_document' AS "flow_document";
SELECT 'flow_published_at' AS "flow_published_at";
SELECT 'id' AS "id";
SELECT 'multi' AS "multi";
SELECT 'name' AS "name";
SELECT 'nothing' AS "nothing";
SELECT 'obj' AS "obj";
SELECT 'str_int' AS "str_int";
SELECT 'str_int_wide' AS "str_int_wide";
SELECT 'str_num' AS "str_num";
SELECT 'ts' AS "ts";
SELECT 'u32' AS "u32";
SELECT 'uid' AS "uid";
SELECT 'region' AS "region";
SELECT 'seq' AS "seq";
SELECT 'updated' AS "updated";
SELECT 'v' AS "v";
SELECT 'kind' AS "kind";
SELECT 'payload' AS "payload";
SELECT '1leading_digit' AS "1leading_digit";
SELECT 'CaseField' AS "CaseField";
SELECT '"quoted"' AS """quoted""";
SELECT 'a/b' AS "a/b";
SELECT 'casefield' AS "casefield";
SELECT 'select' AS "select";
SELECT 'semi;colon''); DROP TABLE x; --' AS "semi;colon'); DROP TABLE x; --";
SELECT 'with space' AS "with space";
SELECT 'ünïcødé 名前' AS "ünïcødé 名前";

-- ==== 4.0 transactions: main.all_types (empty probe, Load, insert and merge) ====
SELECT count(*) FROM (SELECT 1 FROM "main"."all_types" LIMIT 1);
SELECT 0, CAST(t."flow_document" AS VARCHAR)
FROM "main"."all_types" AS t
JOIN read_json(['staging/load_0-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'BIGINT' }) AS r
ON t."id" = r.c0;
INSERT INTO "main"."all_types" ("id", "_meta/op", "amount", "arr", "big_count", "blob", "clock", "count", "day", "flag", "flow_published_at", "multi", "name", "obj", "str_int", "str_int_wide", "str_num", "ts", "u32", "uid", "flow_document")
SELECT r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, r.c9, r.c10, r.c11, r.c12, r.c13, r.c14, r.c15, r.c16, r.c17, r.c18, r.c19, r.c20
FROM read_json(['staging/store_0_7-00000.ndjson', 'staging/store_0_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'BIGINT', c1: 'VARCHAR', c2: 'DOUBLE PRECISION', c3: 'JSON', c4: 'NUMERIC(38,0)', c5: 'VARBINARY', c6: 'VARCHAR', c7: 'BIGINT', c8: 'DATE', c9: 'BOOLEAN', c10: 'TIMESTAMP WITH TIME ZONE', c11: 'JSON', c12: 'VARCHAR', c13: 'JSON', c14: 'VARCHAR', c15: 'VARCHAR', c16: 'DOUBLE PRECISION', c17: 'TIMESTAMP WITH TIME ZONE', c18: 'VARCHAR', c19: 'VARCHAR', c20: 'JSON', _flow_delete: 'BOOLEAN' }) AS r;
MERGE INTO "main"."all_types" AS t
USING (
  SELECT r.c0 AS c0, r.c1 AS c1, r.c2 AS c2, r.c3 AS c3, r.c4 AS c4, r.c5 AS c5, r.c6 AS c6, r.c7 AS c7, r.c8 AS c8, r.c9 AS c9, r.c10 AS c10, r.c11 AS c11, r.c12 AS c12, r.c13 AS c13, r.c14 AS c14, r.c15 AS c15, r.c16 AS c16, r.c17 AS c17, r.c18 AS c18, r.c19 AS c19, r.c20 AS c20, r._flow_delete
  FROM read_json(['staging/store_0_7-00000.ndjson', 'staging/store_0_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'BIGINT', c1: 'VARCHAR', c2: 'DOUBLE PRECISION', c3: 'JSON', c4: 'NUMERIC(38,0)', c5: 'VARBINARY', c6: 'VARCHAR', c7: 'BIGINT', c8: 'DATE', c9: 'BOOLEAN', c10: 'TIMESTAMP WITH TIME ZONE', c11: 'JSON', c12: 'VARCHAR', c13: 'JSON', c14: 'VARCHAR', c15: 'VARCHAR', c16: 'DOUBLE PRECISION', c17: 'TIMESTAMP WITH TIME ZONE', c18: 'VARCHAR', c19: 'VARCHAR', c20: 'JSON', _flow_delete: 'BOOLEAN' }) AS r
) AS r
ON t."id" = r.c0
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "_meta/op" = r.c1, "amount" = r.c2, "arr" = r.c3, "big_count" = r.c4, "blob" = r.c5, "clock" = r.c6, "count" = r.c7, "day" = r.c8, "flag" = r.c9, "flow_published_at" = r.c10, "multi" = r.c11, "name" = r.c12, "obj" = r.c13, "str_int" = r.c14, "str_int_wide" = r.c15, "str_num" = r.c16, "ts" = r.c17, "u32" = r.c18, "uid" = r.c19, "flow_document" = r.c20
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT ("id", "_meta/op", "amount", "arr", "big_count", "blob", "clock", "count", "day", "flag", "flow_published_at", "multi", "name", "obj", "str_int", "str_int_wide", "str_num", "ts", "u32", "uid", "flow_document")
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, r.c9, r.c10, r.c11, r.c12, r.c13, r.c14, r.c15, r.c16, r.c17, r.c18, r.c19, r.c20);

-- ==== 4.1 transactions: main.compound keys (empty probe, Load, insert and merge) ====
SELECT count(*) FROM (SELECT 1 FROM "main"."compound keys" LIMIT 1);
SELECT 1, CAST(t."flow_document" AS VARCHAR)
FROM "main"."compound keys" AS t
JOIN read_json(['staging/load_1-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARCHAR', c2: 'BIGINT' }) AS r
ON t."region" = r.c0 AND t."day" = r.c1 AND t."seq" = r.c2;
INSERT INTO "main"."compound keys" ("region", "day", "seq", "flow_published_at", "updated", "v", "flow_document")
SELECT r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6
FROM read_json(['staging/store_1_7-00000.ndjson', 'staging/store_1_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARCHAR', c2: 'BIGINT', c3: 'TIMESTAMP WITH TIME ZONE', c4: 'TIMESTAMP WITH TIME ZONE', c5: 'DOUBLE PRECISION', c6: 'JSON', _flow_delete: 'BOOLEAN' }) AS r;
MERGE INTO "main"."compound keys" AS t
USING (
  SELECT r.c0 AS c0, r.c1 AS c1, r.c2 AS c2, r.c3 AS c3, r.c4 AS c4, r.c5 AS c5, r.c6 AS c6, r._flow_delete
  FROM read_json(['staging/store_1_7-00000.ndjson', 'staging/store_1_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARCHAR', c2: 'BIGINT', c3: 'TIMESTAMP WITH TIME ZONE', c4: 'TIMESTAMP WITH TIME ZONE', c5: 'DOUBLE PRECISION', c6: 'JSON', _flow_delete: 'BOOLEAN' }) AS r
) AS r
ON t."region" = r.c0 AND t."day" = r.c1 AND t."seq" = r.c2
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "flow_published_at" = r.c3, "updated" = r.c4, "v" = r.c5, "flow_document" = r.c6
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT ("region", "day", "seq", "flow_published_at", "updated", "v", "flow_document")
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6);

-- ==== 4.2 transactions: analytics.events (empty probe, Load, append) ====
SELECT count(*) FROM (SELECT 1 FROM "analytics"."events" LIMIT 1);
INSERT INTO "analytics"."events" ("id", "kind", "payload", "flow_document")
SELECT r.c0, r.c1, r.c2, r.c3
FROM read_json(['staging/store_2_7-00000.ndjson', 'staging/store_2_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARCHAR', c2: 'JSON', c3: 'JSON' }) AS r;

-- ==== 4.3 transactions: Schema Ünï.weird "table"; DROP TABLE x; -- (empty probe, Load, insert and merge) ====
SELECT count(*) FROM (SELECT 1 FROM "Schema Ünï"."weird ""table""; DROP TABLE x; --" LIMIT 1);
SELECT 3, CAST(t."flow_document" AS VARCHAR)
FROM "Schema Ünï"."weird ""table""; DROP TABLE x; --" AS t
JOIN read_json(['staging/load_3-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR' }) AS r
ON t."""quoted""" = r.c0;
INSERT INTO "Schema Ünï"."weird ""table""; DROP TABLE x; --" ("""quoted""", "1leading_digit", "CaseField", "a/b", "select", "semi;colon'); DROP TABLE x; --", "with space", "ünïcødé 名前", "flow_document")
SELECT r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8
FROM read_json(['staging/store_3_7-00000.ndjson', 'staging/store_3_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'BIGINT', c2: 'VARCHAR', c3: 'VARCHAR', c4: 'VARCHAR', c5: 'VARCHAR', c6: 'BOOLEAN', c7: 'DOUBLE PRECISION', c8: 'JSON', _flow_delete: 'BOOLEAN' }) AS r;
MERGE INTO "Schema Ünï"."weird ""table""; DROP TABLE x; --" AS t
USING (
  SELECT r.c0 AS c0, r.c1 AS c1, r.c2 AS c2, r.c3 AS c3, r.c4 AS c4, r.c5 AS c5, r.c6 AS c6, r.c7 AS c7, r.c8 AS c8, r._flow_delete
  FROM read_json(['staging/store_3_7-00000.ndjson', 'staging/store_3_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'BIGINT', c2: 'VARCHAR', c3: 'VARCHAR', c4: 'VARCHAR', c5: 'VARCHAR', c6: 'BOOLEAN', c7: 'DOUBLE PRECISION', c8: 'JSON', _flow_delete: 'BOOLEAN' }) AS r
) AS r
ON t."""quoted""" = r.c0
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "1leading_digit" = r.c1, "CaseField" = r.c2, "a/b" = r.c3, "select" = r.c4, "semi;colon'); DROP TABLE x; --" = r.c5, "with space" = r.c6, "ünïcødé 名前" = r.c7, "flow_document" = r.c8
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT ("""quoted""", "1leading_digit", "CaseField", "a/b", "select", "semi;colon'); DROP TABLE x; --", "with space", "ünïcødé 名前", "flow_document")
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8);

-- ==== 4.4 transactions: main.key_kinds (empty probe, Load, insert and merge) ====
SELECT count(*) FROM (SELECT 1 FROM "main"."key_kinds" LIMIT 1);
SELECT 4, CAST(t."flow_document" AS VARCHAR)
FROM "main"."key_kinds" AS t
JOIN read_json(['staging/load_4-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARBINARY', c2: 'BOOLEAN', c3: 'VARCHAR' }) AS r
ON t."n" = r.c0 AND t."bin" = r.c1 AND t."flag" = r.c2 AND t."at" = r.c3;
INSERT INTO "main"."key_kinds" ("n", "bin", "flag", "at", "v", "flow_document")
SELECT r.c0, r.c1, r.c2, r.c3, r.c4, r.c5
FROM read_json(['staging/store_4_7-00000.ndjson', 'staging/store_4_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARBINARY', c2: 'BOOLEAN', c3: 'VARCHAR', c4: 'VARCHAR', c5: 'JSON', _flow_delete: 'BOOLEAN' }) AS r;
MERGE INTO "main"."key_kinds" AS t
USING (
  SELECT r.c0 AS c0, r.c1 AS c1, r.c2 AS c2, r.c3 AS c3, r.c4 AS c4, r.c5 AS c5, r._flow_delete
  FROM read_json(['staging/store_4_7-00000.ndjson', 'staging/store_4_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARBINARY', c2: 'BOOLEAN', c3: 'VARCHAR', c4: 'VARCHAR', c5: 'JSON', _flow_delete: 'BOOLEAN' }) AS r
) AS r
ON t."n" = r.c0 AND t."bin" = r.c1 AND t."flag" = r.c2 AND t."at" = r.c3
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "v" = r.c4, "flow_document" = r.c5
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT ("n", "bin", "flag", "at", "v", "flow_document")
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5);

-- ==== 4.5 transactions: main.all_types_columns (empty probe, Load, insert and merge) ====
SELECT count(*) FROM (SELECT 1 FROM "main"."all_types_columns" LIMIT 1);
SELECT CAST(TO_JSON(t."id") AS VARCHAR), CAST(TO_JSON(t."_meta/op") AS VARCHAR), CAST(TO_JSON(t."amount") AS VARCHAR), CAST(TO_JSON(t."arr") AS VARCHAR), CAST(TO_JSON(t."big_count") AS VARCHAR), CAST(TO_JSON(t."blob") AS VARCHAR), CAST(TO_JSON(t."clock") AS VARCHAR), CAST(TO_JSON(t."count") AS VARCHAR), CAST(TO_JSON(t."day") AS VARCHAR), CAST(TO_JSON(t."flag") AS VARCHAR), CAST(TO_JSON(t."flow_published_at") AS VARCHAR), CAST(TO_JSON(t."multi") AS VARCHAR), CAST(TO_JSON(t."name") AS VARCHAR), CAST(TO_JSON(t."obj") AS VARCHAR), CAST(TO_JSON(t."str_int") AS VARCHAR), CAST(TO_JSON(t."str_int_wide") AS VARCHAR), CAST(TO_JSON(t."str_num") AS VARCHAR), CAST(TO_JSON(t."ts") AS VARCHAR), CAST(TO_JSON(t."u32") AS VARCHAR), CAST(TO_JSON(t."uid") AS VARCHAR)
FROM "main"."all_types_columns" AS t
JOIN read_json(['staging/load_5-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'BIGINT' }) AS r
ON t."id" = r.c0;
INSERT INTO "main"."all_types_columns" ("id", "_meta/op", "amount", "arr", "big_count", "blob", "clock", "count", "day", "flag", "flow_published_at", "multi", "name", "obj", "str_int", "str_int_wide", "str_num", "ts", "u32", "uid")
SELECT r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, r.c9, r.c10, r.c11, r.c12, r.c13, r.c14, r.c15, r.c16, r.c17, r.c18, r.c19
FROM read_json(['staging/store_5_7-00000.ndjson', 'staging/store_5_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'BIGINT', c1: 'VARCHAR', c2: 'DOUBLE PRECISION', c3: 'JSON', c4: 'NUMERIC(38,0)', c5: 'VARBINARY', c6: 'VARCHAR', c7: 'BIGINT', c8: 'DATE', c9: 'BOOLEAN', c10: 'TIMESTAMP WITH TIME ZONE', c11: 'JSON', c12: 'VARCHAR', c13: 'JSON', c14: 'VARCHAR', c15: 'VARCHAR', c16: 'DOUBLE PRECISION', c17: 'TIMESTAMP WITH TIME ZONE', c18: 'VARCHAR', c19: 'VARCHAR', _flow_delete: 'BOOLEAN' }) AS r;
MERGE INTO "main"."all_types_columns" AS t
USING (
  SELECT r.c0 AS c0, r.c1 AS c1, r.c2 AS c2, r.c3 AS c3, r.c4 AS c4, r.c5 AS c5, r.c6 AS c6, r.c7 AS c7, r.c8 AS c8, r.c9 AS c9, r.c10 AS c10, r.c11 AS c11, r.c12 AS c12, r.c13 AS c13, r.c14 AS c14, r.c15 AS c15, r.c16 AS c16, r.c17 AS c17, r.c18 AS c18, r.c19 AS c19, r._flow_delete
  FROM read_json(['staging/store_5_7-00000.ndjson', 'staging/store_5_7-00001.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'BIGINT', c1: 'VARCHAR', c2: 'DOUBLE PRECISION', c3: 'JSON', c4: 'NUMERIC(38,0)', c5: 'VARBINARY', c6: 'VARCHAR', c7: 'BIGINT', c8: 'DATE', c9: 'BOOLEAN', c10: 'TIMESTAMP WITH TIME ZONE', c11: 'JSON', c12: 'VARCHAR', c13: 'JSON', c14: 'VARCHAR', c15: 'VARCHAR', c16: 'DOUBLE PRECISION', c17: 'TIMESTAMP WITH TIME ZONE', c18: 'VARCHAR', c19: 'VARCHAR', _flow_delete: 'BOOLEAN' }) AS r
) AS r
ON t."id" = r.c0
WHEN MATCHED AND r._flow_delete THEN DELETE
WHEN MATCHED THEN UPDATE SET "_meta/op" = r.c1, "amount" = r.c2, "arr" = r.c3, "big_count" = r.c4, "blob" = r.c5, "clock" = r.c6, "count" = r.c7, "day" = r.c8, "flag" = r.c9, "flow_published_at" = r.c10, "multi" = r.c11, "name" = r.c12, "obj" = r.c13, "str_int" = r.c14, "str_int_wide" = r.c15, "str_num" = r.c16, "ts" = r.c17, "u32" = r.c18, "uid" = r.c19
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT ("id", "_meta/op", "amount", "arr", "big_count", "blob", "clock", "count", "day", "flag", "flow_published_at", "multi", "name", "obj", "str_int", "str_int_wide", "str_num", "ts", "u32", "uid")
  VALUES (r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, r.c9, r.c10, r.c11, r.c12, r.c13, r.c14, r.c15, r.c16, r.c17, r.c18, r.c19);

-- ==== 4.6 one query for the Loads of every binding with a document (for dialects with oneLoadQuery) ====
SELECT 0, CAST(t."flow_document" AS VARCHAR)
FROM "main"."all_types" AS t
JOIN read_json(['staging/load_0-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'BIGINT' }) AS r
ON t."id" = r.c0
UNION ALL
SELECT 1, CAST(t."flow_document" AS VARCHAR)
FROM "main"."compound keys" AS t
JOIN read_json(['staging/load_1-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARCHAR', c2: 'BIGINT' }) AS r
ON t."region" = r.c0 AND t."day" = r.c1 AND t."seq" = r.c2
UNION ALL
SELECT 3, CAST(t."flow_document" AS VARCHAR)
FROM "Schema Ünï"."weird ""table""; DROP TABLE x; --" AS t
JOIN read_json(['staging/load_3-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR' }) AS r
ON t."""quoted""" = r.c0
UNION ALL
SELECT 4, CAST(t."flow_document" AS VARCHAR)
FROM "main"."key_kinds" AS t
JOIN read_json(['staging/load_4-00000.ndjson'], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { c0: 'VARCHAR', c1: 'VARBINARY', c2: 'BOOLEAN', c3: 'VARCHAR' }) AS r
ON t."n" = r.c0 AND t."bin" = r.c1 AND t."flag" = r.c2 AND t."at" = r.c3;

-- ==== 5. markers: Open's fence bump, covering row and insert; Acknowledge's claim and read-back ====
UPDATE "public"."flowmat_markers" SET fence = fence + 1
WHERE materialization = 'acmeCo/fixtures' AND key_end >= 0 AND key_begin <= 2147483647;
SELECT fence, key_begin, key_end, applied_plan FROM "public"."flowmat_markers"
WHERE materialization = 'acmeCo/fixtures' AND key_begin <= 0 AND key_end >= 2147483647
ORDER BY key_end - key_begin ASC
LIMIT 1;
INSERT INTO "public"."flowmat_markers" (materialization, key_begin, key_end, fence, applied_plan)
VALUES ('acmeCo/fixtures', 0, 2147483647, 3, 6);
UPDATE "public"."flowmat_markers" SET applied_plan = 7
WHERE materialization = 'acmeCo/fixtures' AND key_begin = 0 AND key_end = 2147483647
  AND fence = 3 AND applied_plan < 7;
SELECT fence, applied_plan FROM "public"."flowmat_markers"
WHERE materialization = 'acmeCo/fixtures' AND key_begin = 0 AND key_end = 2147483647;
