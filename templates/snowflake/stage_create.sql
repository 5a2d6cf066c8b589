CREATE STAGE IF NOT EXISTS {{stage}}
  FILE_FORMAT = (TYPE = JSON BINARY_FORMAT = BASE64)
  COMMENT = 'flowmat: rows staged by Flow materializations between Store and Acknowledge'
