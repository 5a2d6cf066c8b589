SELECT schema_name FROM information_schema.schemata WHERE catalog_name = current_database()
