r.{{staged}}
