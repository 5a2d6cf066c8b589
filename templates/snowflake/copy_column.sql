UPDATE {{table}} SET {{target}} = {{cast}}
