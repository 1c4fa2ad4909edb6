"""`--format json`: one document per run, findings and (generate) module results together."""

from __future__ import annotations

import json
from typing import Any

from generator.diagnostics import finding_to_dict
from generator.formats import Report

SCHEMA_VERSION = 1


def format_json_report(report: Report) -> str:
    doc: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "command": report.command,
        "summary": report.counts(),
        "findings": [finding_to_dict(f) for f in report.findings],
        "skipped": [{"file": s.file, "reason": s.reason} for s in report.skipped],
    }
    if report.command == "generate":
        doc["generate"] = {
            "out": report.out,
            "check": report.check,
            "modules": [
                {
                    "name": m.name,
                    "status": m.status,
                    "spec": m.spec or None,
                    "path": report.module_path(m.name),
                    "files": list(m.files),
                    "edited_by_hand": list(m.edited),
                    "messages": list(m.messages),
                }
                for m in [*report.modules, *report.orphans]
            ],
            "diff": report.diff,
            "update_command": report.update_command,
        }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
