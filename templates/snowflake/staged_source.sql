({{#files}}SELECT $1 FROM {{reference}}{{^-last}}
  UNION ALL {{/-last}}{{/files}})
