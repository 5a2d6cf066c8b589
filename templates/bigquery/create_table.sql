CREATE TABLE IF NOT EXISTS {{table}} (
{{#columns}}
  {{definition}}{{^-last}},{{/-last}}
{{/columns}}
)
{{#partitionBy}}
PARTITION BY {{expression}}
{{/partitionBy}}
{{#clusterBy}}
CLUSTER BY {{columns}}
{{/clusterBy}}
{{#options}}
OPTIONS ({{#values}}{{option}}{{^-last}}, {{/-last}}{{/values}})
{{/options}}
