UPDATE {{table}} SET fence = fence + 1
WHERE materialization = {{materialization}} AND key_end >= {{keyBegin}} AND key_begin <= {{keyEnd}}
