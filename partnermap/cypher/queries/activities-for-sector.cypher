// name: activities-for-sector
// description: The activities that engage one sector and how: REACHES (an institution named), TARGETS (an audience of the sector), LEADS or PARTNERS_IN (an organisation of the sector).
// param: sector (str) - the sector's id or name, e.g. schools or Schools
MATCH (s:Sector)
WHERE s.sector_id = $sector OR toLower(s.name) = toLower($sector)
CALL (s) {
  MATCH (a:Activity)-[r:REACHES]->(s)
  RETURN a, type(r) AS relation, r.phrase AS via
  UNION
  MATCH (a:Activity)-[r:TARGETS]->(au:Audience)-[:IN_SECTOR]->(s)
  RETURN a, type(r) AS relation, r.phrase AS via
  UNION
  MATCH (a:Activity)<-[r:LEADS|PARTNERS_IN]-(o:Organisation)-[:IN_SECTOR]->(s)
  RETURN a, type(r) AS relation, o.name AS via
}
RETURN s.sector_id AS sector, a.plan AS plan, a.id AS activity, a.name AS name, relation, via,
       a.source AS source, a.line AS line
ORDER BY plan, a.seq, relation, via
