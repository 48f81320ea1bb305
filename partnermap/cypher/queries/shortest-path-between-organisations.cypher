// name: shortest-path-between-organisations
// description: The shortest chain of shared activities linking two different organisations (each step: an activity both lead or partner).
// param: from (str) - the first organisation's name
// param: to (str) - the second organisation's name
MATCH (a:Organisation {name: $from}), (b:Organisation {name: $to})
WHERE a <> b
MATCH p = shortestPath((a)-[:LEADS|PARTNERS_IN*..12]-(b))
RETURN [n IN nodes(p) | n.name] AS path, length(p) / 2 AS steps,
       [n IN nodes(p) WHERE n:Activity | n.id] AS activities
