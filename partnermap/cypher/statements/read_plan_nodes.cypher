// The nodes of one label that belong to the plans $plans, as one list of their properties (one
// record: the driver's cost is per record, not per value). Formatted with {label}.
// The index seek hint keeps the seek whatever the planner's statistics say.
MATCH (n:{label}) USING INDEX SEEK n:{label}(plan)
WHERE n.plan IN $plans
RETURN collect(properties(n)) AS nodes
