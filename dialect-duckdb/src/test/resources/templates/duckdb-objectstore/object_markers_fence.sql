SELECT coalesce(max(fence), 0) FROM {{table}}
WHERE materialization = {{materialization}} AND target = ''
  AND key_begin <= {{keyEnd}} AND key_end >= {{keyBegin}}
