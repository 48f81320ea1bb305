// create_relationships for a plan written for the first time, its ends found by the internal ids
// the node statements of the same transaction returned (a seek by id, no index): a new plan's
// relationships all join nodes that transaction wrote. Formatted with {rel} and {set_properties}
// as create_relationships; $rows as there, with the two ends' internal ids for u and v. Only on
// Neo4j 5, whose Cypher has id() (see partnermap.cypher.store.ids_usable).
UNWIND $rows AS row
MATCH (a) WHERE id(a) = row[0]
MATCH (b) WHERE id(b) = row[1]
CREATE (a)-[r:{rel}]->(b)
SET {set_properties}
