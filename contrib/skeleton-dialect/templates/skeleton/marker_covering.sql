SELECT fence, key_begin, key_end, applied_plan FROM {{table}}
WHERE materialization = {{materialization}} AND key_begin <= {{keyBegin}} AND key_end >= {{keyEnd}}
ORDER BY key_end - key_begin ASC
LIMIT 1
