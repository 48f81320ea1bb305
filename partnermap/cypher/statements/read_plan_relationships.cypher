// Relationships of the plans $plans that touch a node of one plan label, one record per such node
// (a record costs the driver far more than a value in it): those leaving it, and those entering it
// from a shared node (so each is read once), each as [start id, end id, type, properties].
// Formatted with {label}.
// The index seek hint keeps the seek whatever the planner's statistics say.
MATCH (n:{label}) USING INDEX SEEK n:{label}(plan)
WHERE n.plan IN $plans
RETURN n.plan AS plan,
       COLLECT {{ MATCH (n)-[r]->(m) RETURN [n.id, m.id, type(r), properties(r)] }} +
       COLLECT {{ MATCH (m)-[r]->(n) WHERE m.plan IS NULL RETURN [m.id, n.id, type(r), properties(r)] }} AS rels
