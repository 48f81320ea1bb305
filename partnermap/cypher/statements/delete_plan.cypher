// Remove one plan's nodes of a label (and their relationships) before the plan is written again.
// Formatted with {label}; $plan is the plan id.
MATCH (n:{label} {{plan: $plan}})
DETACH DELETE n
