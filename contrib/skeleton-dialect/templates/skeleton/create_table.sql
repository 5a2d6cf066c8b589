CREATE TABLE IF NOT EXISTS {{table}} (
{{#columns}}
  {{definition}}{{^-last}},{{/-last}}
{{/columns}}
{{#primaryKey}}
  , PRIMARY KEY ({{columns}})
{{/primaryKey}}
)
