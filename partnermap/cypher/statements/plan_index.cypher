// The index that finds one plan's nodes (Plan, Theme, Activity, Outcome); formatted with {label}.
CREATE INDEX {label}_plan IF NOT EXISTS FOR (n:{label}) ON (n.plan)
