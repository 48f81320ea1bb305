// name: unscheduled-activities
// description: Activities with no timescale, or only "TBC"/"TBA" as their timescale.
MATCH (a:Activity)
WHERE trim(coalesce(a.timescale, '')) = '' OR coalesce(a.unscheduled, false)
RETURN a.plan AS plan, a.id AS activity, a.name AS name, a.timescale AS timescale, a.lead_text AS lead,
       a.source AS source, a.line AS line
ORDER BY plan, a.seq
