UPDATE {{table}} SET fence = {{fence}}
WHERE materialization = {{materialization}} AND key_end >= {{keyBegin}} AND key_begin <= {{keyEnd}}
