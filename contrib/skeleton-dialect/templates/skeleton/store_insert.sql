INSERT INTO {{table}} ({{#columns}}{{column}}{{^-last}}, {{/-last}}{{/columns}})
SELECT {{#columns}}{{expression}}{{^-last}}, {{/-last}}{{/columns}}
FROM {{source}} AS r
