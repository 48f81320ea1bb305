// Every node of a label shared by plans (organisations, sectors, ...), as one list of their
// properties. Formatted with {label}.
MATCH (n:{label})
RETURN collect(properties(n)) AS nodes
