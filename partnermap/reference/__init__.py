"""Reference data: the taxonomy (sectors, audiences, outcome concepts, framework areas) and the
organisation directory (canonical names, aliases, sectors), with the readers of their YAML files.

This layer sits below the plan readers (:mod:`partnermap.ingest`), which use it to resolve
organisation names; it reads reference files only, never plan files.

* :mod:`partnermap.reference.orgs`: :class:`~partnermap.reference.orgs.OrgDirectory`, splitting
  lead and partner cells;
* :mod:`partnermap.reference.directory`: reading ``data/organisations.yaml`` (and the bundled default);
* :mod:`partnermap.reference.taxonomy`: the typed taxonomy and its phrase matcher;
* :mod:`partnermap.reference.taxonomy_file`: reading and checking a taxonomy YAML file.
"""
