INSERT INTO {{table}} (materialization, key_begin, key_end, fence, applied_plan)
SELECT {{materialization}}, {{keyBegin}}, {{keyEnd}}, {{fence}}, IFNULL((
  SELECT c.applied_plan FROM {{table}} AS c
  WHERE c.materialization = {{materialization}} AND c.key_begin <= {{keyBegin}} AND c.key_end >= {{keyEnd}}
  ORDER BY c.key_end - c.key_begin ASC
  LIMIT 1), 0)
FROM (SELECT 1) AS one
WHERE NOT EXISTS (
  SELECT 1 FROM {{table}} AS e
  WHERE e.materialization = {{materialization}} AND e.key_begin = {{keyBegin}} AND e.key_end = {{keyEnd}})
