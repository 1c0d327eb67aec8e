"""A cheap lexical guard that keeps pathologically nested code away from libcst.

libcst's native parser and its metadata visitors recurse once per nesting level: parsing time
grows quadratically with depth, a few thousand levels raise `RecursionError`, and tens of
thousands crash the interpreter (a native stack overflow that no `except` can catch). So before
parsing, this scan estimates the depth of the deepest expression tree without building one:
every bracket opens a level, and each operator, attribute dot, operator keyword or chained
call/subscript trailer (`f()()`) adds a level inside the current comma-separated segment
(`a + b + c` is a left-deep tree in libcst). The estimate is an upper bound that stays small
for real code: a list of 1000 negative numbers counts 2, not 1000; the deepest file in the
truss-examples corpus counts about 110. CPython itself rejects more than 200 nested brackets.

The same scan counts tokens: libcst needs 10 to 60 microseconds per token, so a file of more
than MAX_TOKENS tokens (about a megabyte of ordinary code) is reported as too large to analyse
rather than tying up a pre-commit run for a minute.

Most files are far from every limit, which character counts alone can prove (`surely_shallow`);
only the others pay for the scan.
"""

from __future__ import annotations

import re

MAX_BRACKETS = 200
"""CPython's tokenizer limit ("too many nested parentheses")."""

MAX_EXPRESSION_DEPTH = 300
"""Deeper expressions are reported as unparseable instead of risking a crash."""

MAX_TOKENS = 200_000
"""More tokens than this (names, numbers, strings, operators, line ends) is too large to analyse."""

_TOKEN = re.compile(
    r"""'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^\\'\r\n])*'|"(?:\\.|[^\\"\r\n])*"
    |\#[^\r\n]*|\\?(?:\r\n?|\n)|[()\[\]{},;]|[-+*/%@&|^~<>.=!:]+
    |\w+""",
    re.VERBOSE,
)
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
_NOT_AN_OPERATOR = frozenset({"=", ":", "->"})
_OPERATOR_CHARS = frozenset("-+*/%@&|^~<>.=!:")
_OPERATOR_KEYWORDS = frozenset({"not", "and", "or", "if", "else", "lambda", "await", "in", "is"})


MAX_ELIF_CHAIN = 1000
"""libcst nests each `elif` in the previous `If`; its parser crashes beyond a few thousand."""


def nesting_problem(text: str) -> tuple[str, int] | None:
    """A message and the 1-based line where nesting exceeds what can be analysed, else None."""
    if text.count("elif") > MAX_ELIF_CHAIN:
        line = _long_elif_chain(text)
        if line is not None:
            return "if/elif chain too long to analyse", line
    if surely_shallow(text):
        return None
    return _expression_problem(text)


_OPERATOR_RUN = re.compile(r"[-+*/%@&|^~<>.=!:]+")
_OPERATOR_KEYWORD = re.compile(r"\b(?:not|and|or|if|else|lambda|await|in|is)\b")


def surely_shallow(text: str) -> bool:
    """Whether counting characters proves the token scan would find nothing.

    The scan's estimate only grows at a bracket (by at most 2), a string (1), an operator run
    (its length, 0 for a lone `=` or `:` and for `->`) and an operator keyword (1), so the sum
    of those over the whole file bounds it, whatever the tokens are: a string consumes at least
    two quote characters, an operator run is a maximal run of operator characters and a
    keyword a whole word. The file's length bounds its tokens, its opening brackets its bracket
    depth. All counts run in C; the scan is a Python loop over every token.
    """
    if len(text) > MAX_TOKENS:
        return False
    opens = text.count("(") + text.count("[") + text.count("{")
    if opens > MAX_BRACKETS:
        return False
    runs = _OPERATOR_RUN.findall(text)
    operators = sum(map(len, runs)) - runs.count("=") - runs.count(":") - 2 * runs.count("->")
    strings = (text.count("'") + text.count('"')) // 2
    keywords = len(_OPERATOR_KEYWORD.findall(text))
    return 2 * opens + strings + operators + keywords <= MAX_EXPRESSION_DEPTH


def _long_elif_chain(text: str) -> int | None:
    """The line where an `elif` chain exceeds MAX_ELIF_CHAIN (an estimate by indentation)."""
    runs: dict[int, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.lstrip(" \t")
        if not code or code.startswith("#"):
            continue
        indent = len(line) - len(code)
        if code.startswith("elif") and not (code[4:5].isalnum() or code[4:5] == "_"):
            runs[indent] = runs.get(indent, 0) + 1
            if runs[indent] > MAX_ELIF_CHAIN:
                return number
        else:
            runs = {level: count for level, count in runs.items() if level < indent}
    return None


def _expression_problem(text: str, depth: int = 0) -> tuple[str, int] | None:
    """The scan, from nesting `depth`. An f-string's replacement fields are code that libcst
    parses (and nests) like any other, so an f-string token is scanned again, from the depth
    where it stands, with its quotes read as brackets-free text around the fields."""
    stack: list[tuple[int, int]] = []
    base, segment = depth, 0
    line = 1
    after_close = False
    tokens = 0
    for match in _TOKEN.finditer(text):
        tokens += 1
        if tokens > MAX_TOKENS:
            return f"file too large to analyse (more than {MAX_TOKENS} tokens)", line
        token = match.group()
        first = token[0]
        if (first.isalnum() or first == "_") and token not in _OPERATOR_KEYWORDS:
            continue  # a name or number: counted, nests nothing
        if first in _OPEN:
            segment += after_close
            stack.append((base, segment))
            base += segment + 1
            segment = 0
            if len(stack) > MAX_BRACKETS:
                return "too many nested parentheses", line
            if base > MAX_EXPRESSION_DEPTH:
                return "expression too deeply nested to analyse", line
        elif first in _CLOSE:
            if stack:
                base, segment = stack.pop()
            after_close = True
            continue
        elif first in "\r\n":
            line += 1
            if not stack:
                base = segment = 0
        elif first in "#\\":
            line += _line_ends(token)
        elif first in "'\"":  # adjacent strings nest too: ConcatenatedString(left, right=...)
            segment += 1
            if base + segment > MAX_EXPRESSION_DEPTH:
                return "expression too deeply nested to analyse", line
            if _is_f_string(text, match.start()):
                quotes = 3 if token[:3] in ('"""', "'''") else 1
                inner = _expression_problem(token[quotes:-quotes], base + segment)
                if inner is not None:
                    return inner[0], line + inner[1] - 1
            line += _line_ends(token)
        elif first in ",;":
            segment = 0
        elif token not in _NOT_AN_OPERATOR:
            segment += len(token) if first in _OPERATOR_CHARS else 1  # `---x` nests three deep
            if base + segment > MAX_EXPRESSION_DEPTH:
                return "expression too deeply nested to analyse", line
        after_close = False
    return None


def _is_f_string(text: str, start: int) -> bool:
    """Whether the string token at `start` has an `f` among its (at most two) prefix letters."""
    prefix = text[max(0, start - 2) : start]
    while prefix and not prefix[0].isalpha():
        prefix = prefix[1:]
    if "f" not in prefix.lower():
        return False
    before = start - len(prefix) - 1
    return before < 0 or not (text[before].isalnum() or text[before] == "_")


def _line_ends(token: str) -> int:
    """How many line ends (LF, CRLF or a lone CR, as Python counts them) a token spans."""
    return token.count("\n") + token.count("\r") - token.count("\r\n")
