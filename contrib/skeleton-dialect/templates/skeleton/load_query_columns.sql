SELECT {{#columns}}CAST({{json}} AS VARCHAR){{^-last}}, {{/-last}}{{/columns}}
FROM {{table}} AS t
JOIN {{source}} AS r
ON {{#keys}}t.{{column}} = {{expression}}{{^-last}} AND {{/-last}}{{/keys}}{{#bounds}}
  AND t.{{column}} BETWEEN {{lower}} AND {{upper}}{{/bounds}}
