SELECT coalesce(max(applied_plan), 0) FROM {{table}}
WHERE materialization = {{materialization}} AND key_begin <= {{keyBegin}} AND key_end >= {{keyEnd}}
