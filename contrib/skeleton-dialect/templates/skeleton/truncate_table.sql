TRUNCATE {{table}}
