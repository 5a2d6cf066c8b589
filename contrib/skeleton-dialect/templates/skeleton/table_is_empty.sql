SELECT count(*) FROM (SELECT 1 FROM {{table}} LIMIT 1)
