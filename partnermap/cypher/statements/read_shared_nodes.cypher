// Every node of a label shared by plans (organisations, sectors, ...). Formatted with {label}.
MATCH (n:{label})
RETURN properties(n) AS props
