"""`--format sarif`: SARIF 2.1.0 for code-scanning uploads (GitHub, Azure DevOps, ...).

Each finding is a result located in its spec; for generate, a stale, orphaned or blocked
module is a result on its files under one of the `vpcegen/...` rules below. Paths are relative
to the repository's top folder (`%SRCROOT%`), as code scanning expects.
https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from generator.diagnostics import Finding, Severity
from generator.formats import Report
from generator.render.writer import MANIFEST

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/vpcegen/vpcegen"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# generate's own outcomes, reported under rule IDs of their own
_GENERATE_RULES = {
    "vpcegen/stale-module": (
        "stale-module",
        "A committed module differs from what its spec generates.",
        "Run `vpcegen generate` and commit the result; never edit generated files by hand.",
    ),
    "vpcegen/orphaned-module": (
        "orphaned-module",
        "A module folder that no spec produces any more.",
        "Run `vpcegen generate --prune` to remove it, or restore its spec.",
    ),
    "vpcegen/module-not-written": (
        "module-not-written",
        "generate refused to write or remove a module folder.",
        "Read the message: a symlink, a file vpcegen did not write, or a hand edit.",
    ),
}


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _location(file: str, line: int | None = None, col: int | None = None) -> Any:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(file), "uriBaseId": "%SRCROOT%"}}
    if line is not None:
        physical["region"] = {"startLine": line, "startColumn": col or 1}
    return {"physicalLocation": physical}


def _rule_descriptor(rule_id: str) -> dict[str, Any]:
    from generator.rules.catalog import rule_by_id

    if rule_id in _GENERATE_RULES:
        name, summary, hint = _GENERATE_RULES[rule_id]
        return {
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": summary},
            "help": {"text": hint},
            "defaultConfiguration": {"level": "error"},
        }
    rule = rule_by_id(rule_id)
    if rule is None:  # a loader finding without a catalog entry
        return {"id": rule_id}
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale or rule.summary},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"status": str(rule.status)},
    }
    if rule.url:
        descriptor["helpUri"] = rule.url
    return descriptor


def _finding_result(report: Report, f: Finding) -> dict[str, Any]:
    text = f.message + (f"\nhint: {f.hint}" if f.hint else "")
    return {
        "ruleId": f.rule_id,
        "level": _LEVEL[f.severity],
        "message": {"text": text},
        "locations": [_location(report.repo_path(f.span.file), f.span.line, f.span.col)],
    }


def _module_results(report: Report) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for m in report.modules:
        if m.status == "differs":
            file, text = report.stale_text(m)
            results.append(
                {
                    "ruleId": "vpcegen/stale-module",
                    "level": "error",
                    "message": {"text": text},
                    "locations": [_location(file)],
                }
            )
        elif m.status == "blocked":
            results += [
                {
                    "ruleId": "vpcegen/module-not-written",
                    "level": "error",
                    "message": {"text": message},
                    "locations": [_location(report.module_path(m.name))],
                }
                for message in m.messages
            ]
    for m in report.orphans:
        rule = "vpcegen/module-not-written" if m.status == "blocked" else "vpcegen/orphaned-module"
        level = "note" if m.status == "pruned" else "error" if report.check else "warning"
        results += [
            {
                "ruleId": rule,
                "level": "error" if m.status == "blocked" else level,
                "message": {"text": message},
                "locations": [_location(report.module_path(m.name, MANIFEST))],
            }
            for message in m.messages
        ]
    return results


def format_sarif(report: Report, version: str) -> str:
    results = [_finding_result(report, f) for f in report.findings] + _module_results(report)
    rule_ids = sorted({r["ruleId"] for r in results})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    for r in results:
        r["ruleIndex"] = index[r["ruleId"]]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "vpcegen",
                "version": version,
                "semanticVersion": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule_id) for rule_id in rule_ids],
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
