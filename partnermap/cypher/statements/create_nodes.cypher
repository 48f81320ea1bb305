// Create the nodes of one label that belong to a plan written for the first time (Theme, Activity,
// Outcome): the plan had none of them before this transaction, so nothing can match and CREATE
// spares MERGE's lookup and lock (the id constraint still guards uniqueness).
// Formatted with {label}; $rows is a list of property maps, each with an id.
UNWIND $rows AS row
CREATE (n:{label})
SET n = row
