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


def _balanced(text: str) -> bool:
    """Whether brackets outside string literals balance on this line."""
    depth = 0
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not in_string


def _one_line_attribute(line: str) -> re.Match[str] | None:
    m = _ATTR.match(line)
    if m is None or m.group("rest").startswith("="):
        return None
    return m if _balanced(m.group("rest")) else None


def align(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        if run:
            width = max(len(m.group("name")) for m in run)
            for m in run:
                name = m.group("name")
                out.append(
                    f"{m.group('indent')}{name}{' ' * (width - len(name))} = {m.group('rest')}"
                )
            run.clear()

    for line in lines:
        m = _one_line_attribute(line)
        if m is not None and (not run or run[0].group("indent") == m.group("indent")):
            run.append(m)
            continue
        flush()
        if m is not None:
            run.append(m)
        else:
            out.append(line)
    flush()
    return "\n".join(out)


def tidy(text: str) -> str:
    """Align, drop trailing spaces, fold repeated blank lines, end with one newline."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"\{\n\n+", "{\n", text)
    text = re.sub(r"\n\n+( *\})", r"\n\1", text)
    return align(text).strip("\n") + "\n"
