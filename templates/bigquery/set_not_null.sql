ASSERT NOT EXISTS (SELECT 1 FROM {{table}} WHERE {{column}} IS NULL) AS 'a column BigQuery cannot make REQUIRED again (it stays NULLABLE) holds NULLs'
