// name: overdue
// description: Activities whose timescale ended before the given date and that are neither marked achieved nor ongoing.
// param: as_of (date, default today) - the date to judge by, YYYY-MM-DD
MATCH (a:Activity)
WHERE a.end IS NOT NULL AND a.end <> '' AND a.end < $as_of
  AND NOT coalesce(a.achieved, false) AND NOT coalesce(a.ongoing, false)
RETURN a.plan AS plan, a.id AS activity, a.name AS name, a.timescale AS timescale, a.end AS ended,
       a.lead_text AS lead, a.source AS source, a.line AS line
ORDER BY plan, a.seq
