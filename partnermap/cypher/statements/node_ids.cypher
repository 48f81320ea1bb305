// Appended to create_nodes or merge_nodes for a plan written for the first time: the internal
// ids of the nodes written, in row order, for the relationship statements *_by_node_id.
RETURN collect(id(n)) AS ids
