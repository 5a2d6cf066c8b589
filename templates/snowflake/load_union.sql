{{#queries}}{{query}}{{^-last}}
UNION ALL
{{/-last}}{{/queries}}
