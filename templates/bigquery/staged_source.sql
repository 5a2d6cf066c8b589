FLOWMAT_STAGED(FILES({{#files}}{{file}}{{^-last}}, {{/-last}}{{/files}}), COLUMNS({{#columns}}{{staged}} {{type}}{{^-last}}, {{/-last}}{{/columns}}))
