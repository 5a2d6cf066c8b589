read_json([{{#files}}{{file}}{{^-last}}, {{/-last}}{{/files}}], format = 'newline_delimited', maximum_object_size = {{maxRowBytes}},
  columns = { {{#columns}}{{staged}}: {{type}}{{^-last}}, {{/-last}}{{/columns}} })
