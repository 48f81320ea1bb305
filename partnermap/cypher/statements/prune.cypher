// Shared nodes that exist only while some plan uses them: remove them once none does.
// Formatted with the schema's names.
MATCH (n:{ORGANISATION}) WHERE NOT EXISTS {{ (n)-[:{LEADS}|{PARTNERS_IN}]->() }} DETACH DELETE n;
MATCH (n:{AUDIENCE}) WHERE NOT EXISTS {{ ()-[:{TARGETS}]->(n) }} DETACH DELETE n;
MATCH (n:{CONCEPT}) WHERE NOT EXISTS {{ ()-[:{ABOUT}]->(n) }} DETACH DELETE n
