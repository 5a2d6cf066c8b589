SELECT table_schema, table_name, column_name, data_type, is_nullable
FROM INFORMATION_SCHEMA.COLUMNS
ORDER BY table_schema, table_name, ordinal_position
