// name: plan-summary
// description: One row per plan: its themes, activities, outcomes, organisations, audiences and sectors engaged.
MATCH (p:Plan)
RETURN p.plan AS plan, p.title AS title, p.source AS source,
       COUNT { (:Theme)-[:PART_OF]->(p) } AS themes,
       COUNT { MATCH (a:Activity) WHERE a.plan = p.plan } AS activities,
       COUNT { MATCH (o:Outcome) WHERE o.plan = p.plan } AS outcomes,
       COUNT { MATCH (o:Organisation)-[:LEADS|PARTNERS_IN]->(a:Activity) WHERE a.plan = p.plan RETURN DISTINCT o } AS organisations,
       COUNT { MATCH (a:Activity)-[:TARGETS]->(au:Audience) WHERE a.plan = p.plan RETURN DISTINCT au } AS audiences,
       COUNT { MATCH (s:Sector)
               WHERE EXISTS { MATCH (a:Activity)-[:REACHES]->(s) WHERE a.plan = p.plan }
                  OR EXISTS { MATCH (a:Activity)-[:TARGETS]->(:Audience)-[:IN_SECTOR]->(s) WHERE a.plan = p.plan }
                  OR EXISTS { MATCH (a:Activity)<-[:LEADS|PARTNERS_IN]-(:Organisation)-[:IN_SECTOR]->(s)
                              WHERE a.plan = p.plan } } AS sectors_engaged
ORDER BY plan
