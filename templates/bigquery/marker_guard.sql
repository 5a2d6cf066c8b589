ASSERT (
  SELECT count(*) FROM {{table}}
  WHERE materialization = {{materialization}} AND key_begin = {{keyBegin}} AND key_end = {{keyEnd}}
    AND fence = {{fence}} AND applied_plan < {{plan}}
) = 1 AS {{message}}
