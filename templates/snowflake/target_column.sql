t.{{column}}
