{{! TODO(new dialect): The client's introspection (SkeletonEndpoint.connect returns the client that runs it): the columns of the warehouse's current database, with length, precision and scale. }}
SELECT table_schema, table_name, column_name, data_type, is_nullable,
  character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_catalog = current_database()
ORDER BY table_schema, table_name, ordinal_position
