INSERT INTO {{table}} VALUES ({{materialization}}, {{keyBegin}}, {{keyEnd}}, {{target}}, {{fence}}, {{appliedPlan}})
