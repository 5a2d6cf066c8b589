UPDATE {{table}} SET fence = fence + 1
WHERE materialization = {{materialization}} AND target = ''
  AND key_begin <= {{keyEnd}} AND key_end >= {{keyBegin}}
