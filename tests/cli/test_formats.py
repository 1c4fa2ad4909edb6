"""Machine-readable output: json, github and sarif carry findings and generate's results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import FIXTURES, run_cli
from tests.support.project import make_project

SARIF_SCHEMA = FIXTURES / "sarif" / "sarif-schema-2.1.0.json"


def _sarif_valid(doc: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def stale(tmp_path: Path) -> Path:
    """A project (in a work tree) with a warning, a hand edit, a stale and an orphaned module."""
    root = make_project(tmp_path, typo=True)
    (root / ".git").mkdir()
    assert run_cli("generate", cwd=root).returncode == 0
    main = root / "modules" / "shared-services" / "main.tf"
    main.write_text(main.read_text() + "# tweak\n")
    app = root / "specs" / "app.yaml"
    app.write_text(app.read_text().replace("name: policy-files", "name: orders", 1))
    return root


def test_the_vendored_schema_rejects_a_broken_log() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert "2.1.0" in schema["title"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"results": []}]}, schema)


def test_sarif_validate_findings(tmp_path: Path) -> None:
    root = make_project(tmp_path, typo=True)
    (root / ".git").mkdir()
    proc = run_cli("validate", "-f", "sarif", cwd=root / "specs")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    _sarif_valid(doc)
    run = doc["runs"][0]
    assert run["tool"]["driver"]["name"] == "vpcegen"
    (result,) = run["results"]
    assert result["ruleId"] == "SVC004" and result["level"] == "warning"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "SVC004"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "specs/shared.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 47, "startColumn": 14}


def test_sarif_generate_check(stale: Path) -> None:
    proc = run_cli("generate", "--check", "-f", "sarif", cwd=stale)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    _sarif_valid(doc)
    by_rule: dict[str, list[Any]] = {}
    for r in doc["runs"][0]["results"]:
        by_rule.setdefault(r["ruleId"], []).append(r)
    assert set(by_rule) == {"SVC004", "vpcegen/stale-module", "vpcegen/orphaned-module"}
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in by_rule["vpcegen/stale-module"]
    }
    assert "modules/shared-services/main.tf" in uris
    (orphan,) = by_rule["vpcegen/orphaned-module"]
    assert orphan["level"] == "error" and "modules/policy-files" in orphan["message"]["text"]


def test_json_generate_check(stale: Path) -> None:
    proc = run_cli("generate", "--check", "-f", "json", cwd=stale)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert proc.stderr == ""  # one document, nothing beside it
    assert [f["rule"] for f in doc["findings"]] == ["SVC004"]
    gen = doc["generate"]
    assert gen["check"] is True and gen["out"] == "modules"
    status = {m["name"]: m for m in gen["modules"]}
    assert status["shared-services"]["status"] == "differs"
    assert status["shared-services"]["edited_by_hand"] == ["main.tf"]
    assert status["orders"]["status"] == "differs" and status["orders"]["spec"] == "specs/app.yaml"
    assert status["policy-files"]["status"] == "orphan"
    assert gen["update_command"] == "vpcegen generate --prune --force"
    assert "+++ b/modules/shared-services/main.tf" in gen["diff"]


def test_json_generate_write(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    doc = json.loads(run_cli("generate", "-f", "json", cwd=root).stdout)
    assert {m["name"]: m["status"] for m in doc["generate"]["modules"]} == {
        "policy-files": "created",
        "shared-services": "created",
    }
    assert doc["generate"]["update_command"] is None


def test_github_generate_check(stale: Path) -> None:
    proc = run_cli("generate", "--check", "-f", "github", cwd=stale)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands[0].startswith("::warning file=specs/shared.yaml,line=47,col=14,")
    assert any(
        c.startswith("::error file=modules/shared-services/main.tf,title=vpcegen%3A module is")
        and "edited by hand" in c
        for c in commands
    )
    assert any("orphaned module" in c and "modules/policy-files" in c for c in commands)
    # the diff is in a group, with workflow commands off: no generated line can act as one
    start = lines.index("::group::vpcegen generate --check: diff")
    token = lines[start + 1].removeprefix("::stop-commands::")
    assert token and lines[-2] == f"::{token}::" and lines[-1] == "::endgroup::"
    assert "+# tweak" not in "\n".join(lines[: start + 2])


def test_text_check_output_order(stale: Path) -> None:
    proc = run_cli("generate", "--check", cwd=stale)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == (
        "to bring the modules up to date, run: vpcegen generate --prune --force"
    )
