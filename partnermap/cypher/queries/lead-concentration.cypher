// name: lead-concentration
// description: How many activities each organisation leads and its share of the activities that have a lead (co-led activities count for every lead), most first.
MATCH (a:Activity)
WHERE EXISTS { (:Organisation)-[:LEADS]->(a) }
WITH count(a) AS led_total
MATCH (o:Organisation)-[:LEADS]->(a:Activity)
WITH o, count(DISTINCT a) AS led, led_total
RETURN o.name AS organisation, o.sector AS sector, led, round(toFloat(led) / led_total, 4) AS share
ORDER BY led DESC, organisation
