{{! TODO(new dialect): The schemas (datasets) of the warehouse's current database. }}
SELECT schema_name FROM information_schema.schemata WHERE catalog_name = current_database()
