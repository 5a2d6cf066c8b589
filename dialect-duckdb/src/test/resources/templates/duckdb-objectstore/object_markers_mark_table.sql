UPDATE {{table}} SET applied_plan = {{plan}}
WHERE materialization = {{materialization}} AND key_begin = {{keyBegin}} AND key_end = {{keyEnd}}
  AND target = {{target}} AND applied_plan < {{plan}}
