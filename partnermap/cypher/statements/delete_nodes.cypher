// Remove nodes of a label by id, with their relationships: the nodes a plan being written again
// no longer has. Formatted with {label}; $ids is a list of node ids.
UNWIND $ids AS id
MATCH (n:{label} {{id: id}})
DETACH DELETE n
