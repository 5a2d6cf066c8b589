INSERT INTO {{table}} (materialization, key_begin, key_end, fence, applied_plan)
VALUES ({{materialization}}, {{keyBegin}}, {{keyEnd}}, {{fence}}, {{appliedPlan}})
