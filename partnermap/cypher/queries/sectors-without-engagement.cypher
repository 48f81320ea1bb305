// name: sectors-without-engagement
// description: Sectors the plans leave out: no activity names one of their institutions or targets one of their audiences, and no organisation of the sector leads or partners an activity.
MATCH (s:Sector)
WHERE NOT EXISTS { (:Activity)-[:REACHES]->(s) }
  AND NOT EXISTS { (:Activity)-[:TARGETS]->(:Audience)-[:IN_SECTOR]->(s) }
  AND NOT EXISTS { (:Activity)<-[:LEADS|PARTNERS_IN]-(:Organisation)-[:IN_SECTOR]->(s) }
RETURN s.sector_id AS sector, s.name AS name
ORDER BY name, sector
