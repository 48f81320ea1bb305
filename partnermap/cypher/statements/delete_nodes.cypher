// Remove nodes of a label by id, with their relationships: the nodes a plan being written again
// no longer has. Formatted with {label}; $ids is a list of node ids.
// The index seek hint keeps the seek whatever the planner's statistics say (a plan cached while the
// store held other data once scanned the whole index for every row).
UNWIND $ids AS id
MATCH (n:{label} {{id: id}}) USING INDEX SEEK n:{label}(id)
DETACH DELETE n
