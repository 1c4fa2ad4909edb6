"""`--format github`: GitHub Actions workflow commands.

Findings become annotations on the spec lines; a stale, orphaned or blocked module becomes an
error annotation on the module's files; the diff goes in a collapsed group, with workflow
commands switched off inside it so no generated line can be taken for one.
"""

from __future__ import annotations

import hashlib

from generator.diagnostics import format_github, gh_escape_data, gh_escape_prop
from generator.formats import Report
from generator.render.writer import MANIFEST


def _annotation(level: str, title: str, text: str, file: str | None = None) -> str:
    props = f"file={gh_escape_prop(file)}," if file else ""
    return f"::{level} {props}title={gh_escape_prop(title)}::{gh_escape_data(text)}"


def format_github_report(report: Report) -> str:
    out = [format_github(report.findings).rstrip("\n")] if report.findings else []
    for m in report.modules:
        if m.status == "differs":
            file, text = report.stale_text(m)
            out.append(_annotation("error", "vpcegen: module is stale", text, file))
        elif m.status == "blocked":
            for message in m.messages:
                out.append(_annotation("error", "vpcegen: module not written", message))
    for m in report.orphans:
        level = "error" if report.check or m.status == "blocked" else "warning"
        title = {
            "orphan": "vpcegen: orphaned module",
            "pruned": "vpcegen: orphaned module removed",
            "blocked": "vpcegen: orphaned module kept",
        }.get(m.status, "vpcegen: orphaned module")
        level = "notice" if m.status == "pruned" else level
        for message in m.messages:
            out.append(_annotation(level, title, message, report.module_path(m.name, MANIFEST)))
    if report.diff:
        token = hashlib.sha256(report.diff.encode("utf-8")).hexdigest()[:32]
        out.append("::group::vpcegen generate --check: diff")
        out.append(f"::stop-commands::{token}")
        out.append(report.diff.rstrip("\n"))
        out.append(f"::{token}::")
        out.append("::endgroup::")
    return "\n".join(out) + ("\n" if out else "")
