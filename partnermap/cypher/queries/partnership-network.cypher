// name: partnership-network
// description: Pairs of organisations that lead or partner the same activities, with how many they share, most first.
MATCH (o1:Organisation)-[:LEADS|PARTNERS_IN]->(a:Activity)<-[:LEADS|PARTNERS_IN]-(o2:Organisation)
WHERE o1.name < o2.name
RETURN o1.name AS organisation, o2.name AS partner, count(DISTINCT a) AS activities
ORDER BY activities DESC, organisation, partner
