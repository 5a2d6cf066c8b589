SELECT {{binding}}, TO_JSON(t.{{document}})
FROM {{table}} AS t
JOIN (
  SELECT {{#keys}}{{expression}} AS {{column}}{{^-last}}, {{/-last}}{{/keys}}
  FROM {{source}}
) AS r
ON {{#keys}}t.{{column}} = r.{{column}}{{^-last}} AND {{/-last}}{{/keys}}{{#bounds}}
  AND t.{{column}} BETWEEN {{lower}} AND {{upper}}{{/bounds}}
