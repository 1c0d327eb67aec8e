"""Our ML-ecosystem credential detectors, one detect-secrets plugin per module.

Every module here (except `_base`) can be passed to `detect-secrets scan --plugin FILE`.
Importing a plugin imports detect-secrets, so the linter loads them lazily through
`truss_secret_lint.detectors.adapter`; this package itself imports nothing.
"""
