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


# Fast path: a one-line attribute whose value holds no bracket outside string literals (so
# it is balanced) and does not start with "=" (that would be `==`). Possessive quantifiers keep
# the match linear.
_STR = r'"(?:[^"\\]++|\\.)*+"'
_PLAIN_ATTR = re.compile(
    rf'( *)([A-Za-z_][A-Za-z0-9_-]*+|{_STR}) = ((?!=)(?:[^"()\[\]{{}}]++|{_STR})*+)'
)


def _one_line_attribute(line: str) -> tuple[str, str, str] | None:
    """(indent, name, rest) of a line holding one whole attribute, else None."""
    if " = " not in line:
        return None
    m = _PLAIN_ATTR.fullmatch(line) or _ATTR.match(line)
    if m is None:
        return None
    indent, name, rest = m.groups()
    if m.re is _ATTR and (rest.startswith("=") or not _balanced(rest)):
        return None
    return indent, name, rest


def align(text: str) -> str:
    out: list[str] = []
    run: list[tuple[str, str, str]] = []
    for line in text.split("\n"):
        attr = _one_line_attribute(line)
        if attr is not None and (not run or run[0][0] == attr[0]):
            run.append(attr)
            continue
        if run:
            _flush(run, out)
        if attr is not None:
            run.append(attr)
        else:
            out.append(line)
    if run:
        _flush(run, out)
    return "\n".join(out)


def _flush(run: list[tuple[str, str, str]], out: list[str]) -> None:
    """Append a run of one-line attributes with their `=` aligned, and empty the run."""
    if len(run) == 1:
        indent, name, rest = run[0]
        out.append(f"{indent}{name} = {rest}")
    else:
        width = max(len(name) for _, name, _ in run)
        out.extend(f"{indent}{name.ljust(width)} = {rest}" for indent, name, rest in run)
    run.clear()


_BLANK_RUNS = re.compile(r"\n{3,}")
_BLANK_AFTER_OPEN = re.compile(r"\{\n\n+")
_BLANK_BEFORE_CLOSE = re.compile(r"\n\n+( *\})")


def tidy(text: str) -> str:
    """Align, drop trailing spaces, fold repeated blank lines, end with one newline."""
    text = "\n".join([line.rstrip() for line in text.split("\n")])
    text = _BLANK_RUNS.sub("\n\n", text)
    text = _BLANK_AFTER_OPEN.sub("{\n", text)
    text = _BLANK_BEFORE_CLOSE.sub(r"\n\1", text)
    return align(text).strip("\n") + "\n"
