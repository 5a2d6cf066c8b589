SELECT fence, applied_plan FROM {{table}}
WHERE materialization = {{materialization}} AND key_begin = {{keyBegin}} AND key_end = {{keyEnd}}
