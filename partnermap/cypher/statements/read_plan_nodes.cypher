// The nodes of one label that belong to the plans $plans. Formatted with {label}.
MATCH (n:{label})
WHERE n.plan IN $plans
RETURN properties(n) AS props
