// Relationships of the plans $plans that touch a node of one plan label: those leaving it, and
// those entering it from a shared node (so each is read once). Formatted with {label}.
MATCH (n:{label})-[r]->(m)
WHERE n.plan IN $plans
RETURN n.plan AS plan, n.id AS u, m.id AS v, type(r) AS type, properties(r) AS props
UNION ALL
MATCH (m)-[r]->(n:{label})
WHERE n.plan IN $plans AND m.plan IS NULL
RETURN n.plan AS plan, m.id AS u, n.id AS v, type(r) AS type, properties(r) AS props
