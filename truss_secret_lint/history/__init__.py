"""History mode: the credential rules over every version of the Truss files in a revision range.

    truss-secret-lint history [PATH] [REVISION-RANGE ...]

A token removed from `config.yaml` is still in every clone's history; only rotating it helps.
This package walks the commits of a range (`gitlog`), reads each distinct blob once
(`objects`), decides which paths are Truss files (`classify`), checks each blob as a
single-file unit through the engine's own per-unit check (`blobs`), caches the results by blob
id (`blob_cache`), and reports each leak once, at the commit that introduced it (`scan`,
`output`). `command` is the subcommand's argument handling.
"""
