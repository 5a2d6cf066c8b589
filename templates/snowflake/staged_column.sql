$1:{{staged}}
