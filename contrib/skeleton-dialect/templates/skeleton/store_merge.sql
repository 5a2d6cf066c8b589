MERGE INTO {{table}} AS t
USING (
  SELECT {{#columns}}{{expression}} AS {{staged}}, {{/columns}}r._flow_delete
  FROM {{source}} AS r
) AS r
ON {{#keys}}t.{{column}} = r.{{staged}}{{^-last}} AND {{/-last}}{{/keys}}{{#bounds}}
  AND t.{{column}} BETWEEN {{lower}} AND {{upper}}{{/bounds}}
WHEN MATCHED AND r._flow_delete THEN DELETE
{{#update}}
WHEN MATCHED THEN UPDATE SET {{#values}}{{column}} = r.{{staged}}{{^-last}}, {{/-last}}{{/values}}
{{/update}}
WHEN NOT MATCHED AND NOT r._flow_delete THEN INSERT ({{#columns}}{{column}}{{^-last}}, {{/-last}}{{/columns}})
  VALUES ({{#columns}}r.{{staged}}{{^-last}}, {{/-last}}{{/columns}})
