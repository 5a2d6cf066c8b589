{{! TODO(new dialect): How the warehouse reads a binding's staged files (newline-delimited JSON, one object per row, each column under its staged name) as a relation: DuckDB's read_json here; a stage and file format for Snowflake, an external or loaded temporary table for BigQuery. }}
read_json([{{#files}}{{file}}{{^-last}}, {{/-last}}{{/files}}], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { {{#columns}}{{staged}}: {{type}}{{^-last}}, {{/-last}}{{/columns}} })
