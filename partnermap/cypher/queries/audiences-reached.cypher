// name: audiences-reached
// description: Each audience the plans target, with the number of activities targeting it and the sectors it belongs to.
MATCH (au:Audience)
OPTIONAL MATCH (au)-[:IN_SECTOR]->(s:Sector)
WITH au, collect(s.sector_id) AS sectors
RETURN au.audience_id AS audience, au.name AS name,
       COUNT { (:Activity)-[:TARGETS]->(au) } AS activities, sectors
ORDER BY activities DESC, name
