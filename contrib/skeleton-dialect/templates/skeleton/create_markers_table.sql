CREATE TABLE IF NOT EXISTS {{table}} (
  materialization VARCHAR NOT NULL,
  key_begin BIGINT NOT NULL,
  key_end BIGINT NOT NULL,
  fence BIGINT NOT NULL,
  applied_plan BIGINT NOT NULL,
  PRIMARY KEY (materialization, key_begin, key_end)
)
