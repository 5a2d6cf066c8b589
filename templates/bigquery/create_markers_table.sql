CREATE TABLE IF NOT EXISTS {{table}} (
  materialization STRING NOT NULL,
  key_begin INT64 NOT NULL,
  key_end INT64 NOT NULL,
  fence INT64 NOT NULL,
  applied_plan INT64 NOT NULL
)
