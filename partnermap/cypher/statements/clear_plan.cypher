// Make way for a plan being written again, for one of its own labels (Theme, Activity, Outcome):
// every relationship of its nodes of the label is removed (all are written again, so each can be
// CREATEd), the nodes it no longer has are deleted, and those it keeps are counted (none means
// the plan is new and its nodes can be created rather than merged). The kept nodes are updated in
// place later, never deleted and created again: a node deleted and one created with the same
// unique id in one transaction slow every later index seek in it (a 10,000-activity replace took
// minutes against seconds for a fresh load).
// Formatted with {label}; $plan is the plan id, $ids the ids of the label's nodes it has now.
MATCH (n:{label} {{plan: $plan}})
CALL (n) {{
  MATCH (n)-[r]-()
  DELETE r
}}
WITH n, n.id IN $ids AS keep
CALL (n, keep) {{
  WITH n WHERE NOT keep
  DELETE n
}}
RETURN count(CASE WHEN keep THEN 1 END) AS kept
