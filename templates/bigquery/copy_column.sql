UPDATE {{table}} SET {{target}} = {{cast}} WHERE true
