"""Make rendered HCL `terraform fmt`-canonical: align `=` in runs of one-line attributes.

terraform fmt (hclwrite) pads the `=` of consecutive lines that each hold a whole attribute
on one line; a blank line, a comment, a block header, a closing bracket or an attribute whose
value spans several lines ends the run. Templates write `name = value` with single spaces and
this pass does the padding, so alignment is computed in one tested place.
"""

from __future__ import annotations

import re

_ATTR = re.compile(
    r'^(?P<indent> *)(?P<name>[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*") = (?P<rest>.*)$'
)
# A quoted string literal (escapes inside it included); outside strings a backslash is plain.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# Anything that can unbalance a line: brackets or a quote.
_SPECIAL = re.compile(r'[()\[\]{}"]')
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")


def _balanced(text: str) -> bool:
    """Whether brackets outside string literals balance on this line."""
    if _SPECIAL.search(text) is None:  # the common case: a bare value
        return True
    if '"' in text:
        # Remove whole string literals; a quote left over opens a string never closed.
        text = _STRING.sub("", text)
        if '"' in text:
            return False
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# Fast path: a one-line attribute whose value is balanced -- brackets of matching kinds nested
# at most three deep, outside string literals -- and does not start with "=" (that would be
# `==`). Such a line is an attribute by the rules above; any other line containing " = " takes
# the general path (_ATTR and _balanced). Possessive quantifiers keep the match linear.
_STR = r'"(?:[^"\\]++|\\.)*+"'


def _nested(inner: str) -> str:
    return rf'(?:[^"()\[\]{{}}]++|{_STR}|\({inner}\)|\[{inner}\]|\{{{inner}\}})*+'


_BALANCED = _nested(_nested(_nested(rf'(?:[^"()\[\]{{}}]++|{_STR})*+')))
_PLAIN_ATTR = re.compile(rf"( *)([A-Za-z_][A-Za-z0-9_-]*+|{_STR}) = ((?!=){_BALANCED})")


def _general_attribute(line: str) -> tuple[str, str, str] | None:
    """(indent, name, rest) of a line holding one whole attribute, else None."""
    m = _ATTR.match(line)
    if m is None:
        return None
    indent, name, rest = m.groups()
    if rest.startswith("=") or not _balanced(rest):
        return None
    return indent, name, rest


def align(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    run: list[tuple[str, str, str]] = []
    run_lines: list[str] = []
    # One C-level pass matches the common lines; the general path sees only the rest.
    for line, fast in zip(lines, map(_PLAIN_ATTR.fullmatch, lines), strict=True):
        if fast is not None:
            attr: tuple[str, str, str] | None = fast.groups()  # type: ignore[assignment]
        elif " = " in line:
            attr = _general_attribute(line)
        else:
            attr = None
        if attr is not None and (not run or run[0][0] == attr[0]):
            run.append(attr)
            run_lines.append(line)
            continue
        if run:
            _flush(run, run_lines, out)
        if attr is not None:
            run.append(attr)
            run_lines.append(line)
        else:
            out.append(line)
    if run:
        _flush(run, run_lines, out)
    return "\n".join(out)


def _flush(run: list[tuple[str, str, str]], lines: list[str], out: list[str]) -> None:
    """Append a run of one-line attributes with their `=` aligned, and empty the run.

    A line holds exactly `indent + name + " = " + rest`, so a run whose names are all as long
    as the longest is already aligned and is copied as it is.
    """
    width = max(len(name) for _, name, _ in run)
    if all(len(name) == width for _, name, _ in run):
        out.extend(lines)
    else:
        out.extend(f"{indent}{name.ljust(width)} = {rest}" for indent, name, rest in run)
    run.clear()
    lines.clear()


_BLANK_RUNS = re.compile(r"\n\n\n+")  # a literal prefix: much faster than \n{3,}
_BLANK_AFTER_OPEN = re.compile(r"\{\n\n+")
_BLANK_BEFORE_CLOSE = re.compile(r"\n\n+( *\})")


def tidy(text: str) -> str:
    """Align, drop trailing spaces, fold repeated blank lines, end with one newline."""
    text = "\n".join([line.rstrip() for line in text.split("\n")])
    text = _BLANK_RUNS.sub("\n\n", text)
    text = _BLANK_AFTER_OPEN.sub("{\n", text)
    text = _BLANK_BEFORE_CLOSE.sub(r"\n\1", text)
    return align(text).strip("\n") + "\n"
