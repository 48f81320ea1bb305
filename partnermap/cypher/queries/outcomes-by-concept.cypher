// name: outcomes-by-concept
// description: Each outcome concept (resilience, referrals, ...) with the number of expected outcomes about it and a few examples.
MATCH (c:Concept)<-[:ABOUT]-(o:Outcome)
WITH c, o ORDER BY o.plan, o.id
WITH c, collect(o) AS outcomes
RETURN c.concept_id AS concept, c.name AS name, size(outcomes) AS outcomes,
       [o IN outcomes[..3] | o.name] AS examples
ORDER BY outcomes DESC, name
