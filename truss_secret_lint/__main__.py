"""`python -m truss_secret_lint` runs the command line."""

from truss_secret_lint.cli import console_main

console_main()
