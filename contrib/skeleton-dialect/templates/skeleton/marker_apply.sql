UPDATE {{table}} SET applied_plan = {{plan}}
WHERE materialization = {{materialization}} AND key_begin = {{keyBegin}} AND key_end = {{keyEnd}}
  AND fence = {{fence}} AND applied_plan < {{plan}}
