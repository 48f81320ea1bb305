"""Report output: output formats (table, JSON, CSV, Markdown), the report tables of the CLI
commands (:mod:`partnermap.report.tables`) and the plan summary (:mod:`partnermap.report.summary`)."""
