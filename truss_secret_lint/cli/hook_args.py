"""Under the pre-commit framework, file names never become options.

pre-commit runs `entry + args + filenames`: the user's `args:` and then the names of committed
files, with no `--` between them. A committed file named `--config=x.py`, `--exit-zero` or
`--write-baseline=b.py` would otherwise be parsed as an option and could silence the run. The
hook's entry therefore starts with `--pre-commit`, and in that mode the arguments are split here
before argparse sees them:

- the user's options come first: a token that starts with `-` and names no existing path is an
  option, and the value of an option that takes one is the next token, whatever it is (so
  `args: [--config, ci/lint.toml]` and `args: [--select, TSL2]` keep working);
- the first token that names an existing path (even when it starts with `-`), or does not start
  with `-`, or follows a literal `--`, begins the file names, and every token after it is a file
  name too. pre-commit only passes files that exist, and it passes them after the user's args.

What the tree can still do: a committed file named exactly like one of the user's own option
tokens (e.g. `--select` at the repository root) turns that token and the ones after it into file
names. Such a file is linted like any other; SECURITY.md explains the residue.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence

PRE_COMMIT_FLAG = "--pre-commit"


def split_pre_commit_args(
    args: Sequence[str],
    parser: argparse.ArgumentParser,
    exists: Callable[[str], bool] = os.path.lexists,
) -> list[str]:
    """`args` (after the flag) rewritten as `options + ["--"] + file names` for `parser`."""
    taking_value = _options_taking_a_value(parser)
    known = _option_strings(parser)
    options: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            index += 1
            break
        if not token.startswith("-") or token == "-" or exists(token):
            break
        options.append(token)
        index += 1
        if _resolve(token, known) in taking_value and index < len(args):
            options.append(args[index])
            index += 1
    return [*options, "--", *args[index:]]


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    return [string for action in parser._actions for string in action.option_strings]


def _options_taking_a_value(parser: argparse.ArgumentParser) -> set[str]:
    return {
        string
        for action in parser._actions
        if action.option_strings and action.nargs != 0
        for string in action.option_strings
    }


def _resolve(token: str, known: list[str]) -> str:
    """The option `token` means, as argparse reads it: itself, or a unique `--prefix` of one;
    a token holding `=` carries its value and takes none."""
    if "=" in token or token in known:
        return token
    if token.startswith("--"):
        matches = [string for string in known if string.startswith(token)]
        if len(matches) == 1:
            return matches[0]
    return token
