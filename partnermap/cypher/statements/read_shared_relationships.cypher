// Relationships between shared nodes (an organisation's or audience's sectors), as one list of
// [start id, end id, type, properties]. Formatted with the schema's names.
MATCH (m)-[r:{IN_SECTOR}]->(s:{SECTOR})
RETURN collect([m.id, s.id, type(r), properties(r)]) AS rels
