"""Findings and how they are shown: the one vocabulary every layer speaks.

Library code returns findings; only the CLI prints them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A 1-based position in a spec file, with the path as the user gave it.

    Slotted: a source map holds one Span per key and value of every spec in a run.
    """

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None
    see: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.file, self.span.line, self.span.col, self.rule_id, self.message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    unique = {(f.sort_key(), f.severity, f.hint): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


# C0/C1 controls and Unicode line separators: printed as visible escapes, so text from a spec
# (keys, values, file names) can neither drive the terminal nor start a fake finding line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    return _UNSAFE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def format_text(findings: Sequence[Finding], *, color: bool = False) -> str:
    lines: list[str] = []
    for f in findings:
        sev = f"{_COLORS[f.severity]}{f.severity}{_RESET}" if color else str(f.severity)
        span = printable(str(f.span))
        where = f"{_BOLD}{span}{_RESET}" if color else span
        lines.append(f"{where}: {sev} {f.rule_id}: {printable(f.message)}")
        if f.hint:
            hint = printable(f.hint)
            lines.append(f"  {_DIM}hint:{_RESET} {hint}" if color else f"  hint: {hint}")
        if f.see:
            see = printable(f.see)
            lines.append(f"  {_DIM}see:{_RESET} {see}" if color else f"  see: {see}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(findings: Sequence[Finding], files: int) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    parts = [
        f"{counts[Severity.ERROR]} error(s)",
        f"{counts[Severity.WARNING]} warning(s)",
    ]
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} notice(s)")
    return f"{files} spec file(s) checked: " + ", ".join(parts)


def finding_to_dict(f: Finding) -> dict[str, object]:
    return {
        "file": f.span.file,
        "line": f.span.line,
        "column": f.span.col,
        "severity": str(f.severity),
        "rule": f.rule_id,
        "message": f.message,
        "hint": f.hint,
        "see": f.see,
    }


def format_json(findings: Sequence[Finding]) -> str:
    return json.dumps([finding_to_dict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"


def gh_escape_data(value: str) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(value)


def gh_escape_prop(value: str) -> str:
    return gh_escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GH_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    out: list[str] = []
    for f in findings:
        text = f"{f.rule_id}: {f.message}"
        if f.hint:
            text += f"\nhint: {f.hint}"
        props = (
            f"file={gh_escape_prop(f.span.file)},line={f.span.line},col={f.span.col},"
            f"title={gh_escape_prop(f.rule_id)}"
        )
        out.append(f"::{_GH_LEVEL[f.severity]} {props}::{gh_escape_data(text)}")
    return "\n".join(out) + ("\n" if out else "")
