read_json([{{#files}}{{file}}{{^-last}}, {{/-last}}{{/files}}], format = 'newline_delimited', maximum_object_size = 1073741824,
  columns = { {{#columns}}{{staged}}: {{type}}{{^-last}}, {{/-last}}{{/columns}} })
