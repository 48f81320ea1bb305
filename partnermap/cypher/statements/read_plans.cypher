// The plans in the store, with the taxonomy each was analysed with. Formatted with the schema's names.
MATCH (p:{PLAN})
RETURN p.plan AS plan, p.taxonomy AS taxonomy
ORDER BY plan
