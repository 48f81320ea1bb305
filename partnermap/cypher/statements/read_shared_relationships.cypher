// Relationships between shared nodes (an organisation's or audience's sectors). Formatted with the
// schema's names.
MATCH (m)-[r:{IN_SECTOR}]->(s:{SECTOR})
RETURN m.id AS u, s.id AS v, type(r) AS type, properties(r) AS props
