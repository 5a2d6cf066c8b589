({{#files}}SELECT $1 FROM {{path}}{{^-last}}
  UNION ALL {{/-last}}{{/files}})
