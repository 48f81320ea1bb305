// name: coverage-matrix
// description: For every theme and sector, how many of the theme's activities engage the sector (reach it, target one of its audiences, or are led or partnered by one of its organisations). Zero marks a gap.
MATCH (t:Theme)
MATCH (s:Sector)
RETURN t.plan AS plan, t.key AS theme, t.name AS theme_name, s.sector_id AS sector, s.name AS sector_name,
       COUNT {
         MATCH (a:Activity)-[:PART_OF]->(t)
         WHERE EXISTS { (a)-[:REACHES]->(s) }
            OR EXISTS { (a)-[:TARGETS]->(:Audience)-[:IN_SECTOR]->(s) }
            OR EXISTS { (a)<-[:LEADS|PARTNERS_IN]-(:Organisation)-[:IN_SECTOR]->(s) }
       } AS activities
ORDER BY plan, t.number, theme, sector_name, sector
