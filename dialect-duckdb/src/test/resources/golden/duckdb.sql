-- Golden SQL of dialect duckdb, rendered by org.flowmat.core.testing.GoldenSqlContract from the FixtureCatalog.
-- Generated: change the rendering, then rerun the test with -Dgolden.update=true and review the diff.

-- ==== 1. apply: the whole catalog against an empty warehouse ====
CREATE SCHEMA IF NOT EXISTS main;
CREATE SCHEMA IF NOT EXISTS analytics;
CREATE SCHEMA IF NOT EXISTS "Schema Ünï";
CREATE TABLE IF NOT EXISTS main.flowmat_markers (
  materialization VARCHAR NOT NULL,
  key_begin BIGINT NOT NULL,
  key_end BIGINT NOT NULL,
  fence BIGINT NOT NULL,
  applied_plan BIGINT NOT NULL,
  PRIMARY KEY (materialization, key_begin, key_end)
);
CREATE TABLE IF NOT EXISTS main.all_types (
  id BIGINT NOT NULL,
  "_meta/op" VARCHAR NOT NULL,
  amount DOUBLE NOT NULL,
  arr JSON,
  big_count HUGEINT NOT NULL,
  blob BLOB,
  clock TIME,
  count BIGINT,
  day DATE,
  flag BOOLEAN NOT NULL,
  flow_published_at TIMESTAMPTZ NOT NULL,
  multi JSON,
  name VARCHAR NOT NULL,
  obj JSON,
  str_int HUGEINT,
  str_int_wide HUGEINT,
  str_num DOUBLE,
  ts TIMESTAMPTZ,
  u32 BIGINT,
  uid UUID,
  flow_document JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS main."compound keys" (
  region VARCHAR NOT NULL,
  day VARCHAR NOT NULL,
  seq BIGINT NOT NULL,
  flow_published_at TIMESTAMPTZ NOT NULL,
  updated TIMESTAMPTZ,
  v DOUBLE,
  flow_document JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS analytics.events (
  id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  payload JSON,
  flow_document JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS "Schema Ünï"."weird ""table""; DROP TABLE x; --" (
  """quoted""" VARCHAR NOT NULL,
  "1leading_digit" BIGINT,
  CaseField VARCHAR,
  "a/b" VARCHAR,
  "select" VARCHAR,
  "semi;colon'); DROP TABLE x; --" VARCHAR,
  "with space" BOOLEAN,
  "ünïcødé 名前" DOUBLE,
  flow_document JSON NOT NULL
);

-- ==== 2.0 evolution: unchanged spec (the plan must be empty) ====
-- (no statements)

-- ==== 2.1 evolution: field added: optional string 'added "field"; --' selected in the hostile table ====
ALTER TABLE "Schema Ünï"."weird ""table""; DROP TABLE x; --" ADD COLUMN "added ""field""; --" VARCHAR;

-- ==== 2.2 evolution: field made optional: all_types.name may now be missing (NOT NULL dropped) ====
ALTER TABLE main.all_types ALTER COLUMN name DROP NOT NULL;

-- ==== 2.3 evolution: integer widened to number: all_types.count becomes a number (column type migration) ====
ALTER TABLE main.all_types ALTER COLUMN count TYPE DOUBLE USING CAST(count AS DOUBLE);

-- ==== 2.4 evolution: field deselected: all_types.flag is no longer selected (NOT NULL dropped, column kept) ====
ALTER TABLE main.all_types ALTER COLUMN flag DROP NOT NULL;

-- ==== 2.5 evolution: backfill with an unchanged key: events is truncated ====
TRUNCATE analytics.events;

-- ==== 2.6 evolution: backfill with a changed key: compound keys is keyed by (region, seq) only (drop and create) ====
DROP TABLE IF EXISTS main."compound keys";
CREATE TABLE IF NOT EXISTS main."compound keys" (
  region VARCHAR NOT NULL,
  seq BIGINT NOT NULL,
  day DATE NOT NULL,
  flow_published_at TIMESTAMPTZ NOT NULL,
  updated TIMESTAMPTZ,
  v DOUBLE,
  flow_document JSON NOT NULL
);

-- ==== 2.7 evolution: string widened to a union: all_types.name becomes JSON (each text as its JSON string) ====
ALTER TABLE main.all_types ALTER COLUMN name TYPE JSON USING to_json(name);

-- ==== 2.8 evolution: bytes widened to a union: all_types.blob becomes JSON (each value as its base64 string) ====
ALTER TABLE main.all_types ALTER COLUMN blob TYPE JSON USING to_json(base64(blob));

-- ==== 2.9 evolution: string integer widened to number: all_types.str_int becomes a number ====
ALTER TABLE main.all_types ALTER COLUMN str_int TYPE DOUBLE USING CAST(str_int AS DOUBLE);

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
