// Create the nodes of one label that belong to the plan being written (Theme, Activity, Outcome):
// the plan's previous nodes of the label were deleted earlier in the same transaction, so nothing
// can match and CREATE spares MERGE's lookup and lock (the id constraint still guards uniqueness).
// Formatted with {label}; $rows is a list of property maps, each with an id.
UNWIND $rows AS row
CREATE (n:{label})
SET n = row
