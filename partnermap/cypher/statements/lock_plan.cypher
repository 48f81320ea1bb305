// Take the plan's write lock before its nodes are deleted and written again, so two loads of the
// same plan at once run one after the other (the second waits, then replaces the first's nodes).
// The unique id constraint on the plan label makes this MERGE safe between concurrent
// transactions. Formatted with the schema's names; $id is the plan node's id.
MERGE (p:{PLAN} {{id: $id}})
SET p.loading = true
REMOVE p.loading
