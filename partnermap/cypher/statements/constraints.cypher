// Constraints and indexes, created before any load. Formatted per schema label with {label}
// (the unique key constraint) and, for labels that belong to one plan, the plan index.
CREATE CONSTRAINT {label}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE
