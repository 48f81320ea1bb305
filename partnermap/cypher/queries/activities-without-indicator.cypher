// name: activities-without-indicator
// description: Activities whose expected outcome has no measurable target: no number, percentage, count or date (a month name counts).
MATCH (a:Activity)
WHERE trim(coalesce(a.outcome, '')) <> ''
  AND NOT a.outcome =~ '(?is).*(?:\\d|%|\\bper\\s?cent\\b|\\b(?:January|February|March|April|June|July|August|September|October|November|December|Q[1-4])\\b).*'
RETURN a.plan AS plan, a.id AS activity, a.name AS name, a.outcome AS outcome, a.source AS source, a.line AS line
ORDER BY plan, a.seq
