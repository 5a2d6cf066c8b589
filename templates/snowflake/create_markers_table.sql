CREATE TABLE IF NOT EXISTS {{table}} (
  materialization TEXT NOT NULL,
  key_begin INTEGER NOT NULL,
  key_end INTEGER NOT NULL,
  fence INTEGER NOT NULL,
  applied_plan INTEGER NOT NULL,
  PRIMARY KEY (materialization, key_begin, key_end)
)
