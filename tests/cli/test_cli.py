"""The command line as users meet it: exit codes, formats, colour, and no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.paths import ROOT, run_cli

INVALID = "tests/fixtures/specs/invalid"
GOOD = "output-examples/shared-services/spec.yaml"


def test_validate_clean_examples_exits_0() -> None:
    proc = run_cli("validate", "output-examples")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s)" in proc.stderr


def test_validate_errors_exit_1_with_location_and_hint() -> None:
    proc = run_cli("validate", f"{INVALID}/undefined-references.yaml")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    spec005 = [line for line in lines if " error SPEC005: " in line]
    assert spec005 and spec005[0].startswith(f"{INVALID}/undefined-references.yaml:20:19: ")
    hint = lines[lines.index(spec005[0]) + 1]
    assert hint.startswith("  hint: define it under network.subnet_groups")
    assert "Traceback" not in proc.stderr


def test_missing_path_exits_2() -> None:
    proc = run_cli("validate", "no/such/spec.yaml")
    assert proc.returncode == 2
    assert "no such file or folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_usage_error_exits_2() -> None:
    proc = run_cli("validate", "--format", "xml", GOOD)
    assert proc.returncode == 2


def test_folder_without_specs_exits_2(tmp_path: Path) -> None:
    proc = run_cli("validate", str(tmp_path))
    assert proc.returncode == 2
    assert "no spec files" in proc.stderr


def test_a_symlink_loop_in_a_folder_exits_2_without_a_traceback(tmp_path: Path) -> None:
    """JSON files are matched against the specs' policy documents by their real path; a loop
    (a.json -> b.json -> a.json) is reported as unreadable input."""
    (tmp_path / "spec.yaml").write_bytes(
        (ROOT / "output-examples/shared-services/spec.yaml").read_bytes()
    )
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    proc = run_cli("validate", str(tmp_path), "-j", "1")
    assert proc.returncode == 2, proc.stderr
    assert "a.json: cannot read" in proc.stderr and "Traceback" not in proc.stderr


def test_json_format_is_machine_readable() -> None:
    proc = run_cli("validate", "--format", "json", f"{INVALID}/wrong-types.yaml")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["version"] == 1 and doc["command"] == "validate"
    assert doc["summary"]["specs"] == 1 and doc["summary"]["errors"] == len(doc["findings"])
    findings = doc["findings"]
    assert findings and all(
        {"file", "line", "column", "severity", "rule", "message", "hint"} <= set(f)
        for f in findings
    )
    keys = [(f["file"], f["line"], f["column"], f["rule"]) for f in findings]
    assert keys == sorted(keys)


def test_github_format_annotations() -> None:
    proc = run_cli("validate", "--format", "github", f"{INVALID}/wrong-types.yaml")
    lines = proc.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert f"file={INVALID}/wrong-types.yaml,line=" in lines[0]


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    spec = tmp_path / "warn.yaml"
    spec.write_text(
        "version: 1\nname: warn\nregion: eu-west-1\nnetwork:\n  subnet_groups:\n"
        "    one: {ids: [subnet-0aaa1111bbbb2222c], availability_zone_ids: [euw1-az1]}\n"
        "security_groups:\n  sg:\n    ingress: [{port: 443, from: vpc}]\n"
        "endpoints:\n  sts:\n    type: interface\n    service: sts\n    subnet_group: one\n"
        "    security_groups: [sg]\n"
        "    policy: {preset: organization, organization_id: o-a1b2c3d4e5}\n",
        encoding="utf-8",
    )
    relaxed = run_cli("validate", str(spec))
    strict = run_cli("validate", "--strict", str(spec))
    assert relaxed.returncode == 0, relaxed.stdout
    assert "warning IF004" in relaxed.stdout
    assert strict.returncode == 1


def test_no_color_and_non_terminal_output_is_plain() -> None:
    proc = run_cli("validate", f"{INVALID}/wrong-types.yaml", env={"NO_COLOR": "1"})
    assert "\033[" not in proc.stdout + proc.stderr


def test_rules_lists_every_rule() -> None:
    from generator.rules.catalog import RULES

    proc = run_cli("rules")
    assert proc.returncode == 0
    for rule in RULES:
        assert f"\n{rule.id} " in "\n" + proc.stdout


def test_rules_md_is_the_readme_table() -> None:
    proc = run_cli("rules", "--format", "md")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert proc.stdout in readme, "README rules table is stale: python scripts/regen.py"


def test_explain_known_and_unknown() -> None:
    ok = run_cli("explain", "IF001")
    assert ok.returncode == 0
    assert "IF001" in ok.stdout and "Source:" in ok.stdout and "Bad example" in ok.stdout
    bad = run_cli("explain", "IF00l")
    assert bad.returncode == 2
    assert "IF001" in bad.stderr  # did-you-mean


def test_schema_is_json_schema() -> None:
    proc = run_cli("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"  # for editors
    assert "endpoints" in schema["properties"]
    committed = json.loads((ROOT / "docs" / "vpcegen-spec.schema.json").read_text())
    assert committed == schema, "docs/vpcegen-spec.schema.json is stale: python scripts/regen.py"


def test_schema_accepts_the_examples() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads(run_cli("schema").stdout)
    for spec in sorted((ROOT / "output-examples").glob("*/spec.yaml")):
        jsonschema.validate(yaml.safe_load(spec.read_text()), schema)


def test_services_lists_catalog() -> None:
    text = run_cli("services")
    assert text.returncode == 0 and "ecr.api" in text.stdout
    js = run_cli("services", "--format", "json", "--type", "gateway")
    names = {s["name"] for s in json.loads(js.stdout)}
    assert {"s3", "dynamodb"} <= names
    assert "ecr.api" not in names


def test_generate_check_reports_hand_edit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("generate", GOOD, "--out", str(out)).returncode == 0
    quiet = run_cli("generate", GOOD, "--out", str(out), "--check")
    assert quiet.returncode == 0 and quiet.stdout == ""
    target = out / "shared-services" / "endpoints.tf"
    target.write_text(target.read_text() + "# edited\n")
    loud = run_cli("generate", GOOD, "--out", str(out), "--check")
    assert loud.returncode == 1
    # as `git diff` names files outside a repository: the absolute path without its '/'
    where = f"{out.resolve().as_posix().lstrip('/')}/shared-services/endpoints.tf"
    assert f"+++ b/{where}" in loud.stdout
    assert "-# edited" in loud.stdout
    assert loud.stderr.splitlines()[-1] == (
        f"to bring the modules up to date, run: vpcegen generate {GOOD} --out {out} --force"
    )


def test_generate_writes_nothing_on_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("generate", GOOD, f"{INVALID}/wrong-types.yaml", "--out", str(out))
    assert proc.returncode == 1
    assert not out.exists() or not any(out.iterdir())


def test_readme_spec_example_is_clean(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spec = tmp_path / "readme.yaml"
    spec.write_text(readme.split("```yaml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    proc = run_cli("validate", "--strict", str(spec))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == ""


def test_check_with_json_format_keeps_stdout_parseable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("generate", GOOD, "--out", str(out)).returncode == 0
    target = out / "shared-services" / "main.tf"
    target.write_text(target.read_text() + "# edited\n")
    proc = run_cli("generate", GOOD, "--out", str(out), "--check", "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)  # the whole result in one document on stdout
    assert doc["findings"] == [] and doc["command"] == "generate"
    (module,) = doc["generate"]["modules"]
    assert module["name"] == "shared-services" and module["status"] == "differs"
    assert module["files"] == ["main.tf"] and module["edited_by_hand"] == ["main.tf"]
    assert "-# edited" in doc["generate"]["diff"]
    assert doc["generate"]["update_command"].endswith("--force")


# --- basics: version, help, completion -----------------------------------------------------------


def test_version_flags() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    for flag in ("--version", "-V"):
        proc = run_cli(flag)
        assert proc.returncode == 0 and proc.stdout == f"vpcegen {version}\n"


@pytest.mark.parametrize("command", [(), ("validate",), ("generate",), ("explain",)])
def test_short_help_and_readable_metavars(command: tuple[str, ...]) -> None:
    short, long = run_cli(*command, "-h"), run_cli(*command, "--help")
    assert short.returncode == 0 and short.stdout == long.stdout
    assert "Usage: " in short.stdout
    assert "<list[str]>" not in short.stdout and "<str>" not in short.stdout
    if command == ("generate",):
        assert "-o, --out DIR" in short.stdout and "[SPEC]..." in short.stdout
        assert "<text|json|github|sarif>" in short.stdout


def test_shell_completion_completes_commands_and_options() -> None:
    env = {"_VPCEGEN_COMPLETE": "complete_bash", "COMP_CWORD": "1", "COMP_WORDS": "vpcegen gen"}
    assert run_cli(env=env).stdout.split() == ["generate"]
    env = {**env, "COMP_CWORD": "2", "COMP_WORDS": "vpcegen generate --pr"}
    assert run_cli(env=env).stdout.split() == ["--prune"]
    script = run_cli("--show-completion", "bash", env={"SHELL": "/bin/bash"})
    assert script.returncode == 0 and "complete " in script.stdout


# --- which files are specs -----------------------------------------------------------------------


def test_policy_document_given_by_hand_is_not_checked_as_a_spec() -> None:
    spec = "output-examples/policy-files/spec.yaml"
    policy = "output-examples/policy-files/policies/sqs-orders.json"
    proc = run_cli("validate", spec, policy)
    assert proc.returncode == 0, proc.stdout
    assert f"skipped {policy}: a policy document of {spec}, not a spec" in proc.stderr


def test_only_specs_without_config_goes_by_content(tmp_path: Path) -> None:
    from tests.support.project import make_project

    root = make_project(tmp_path, config=None)
    (root / ".pre-commit-config.yaml").write_text("repos: []\n")
    (root / "compose.yaml").write_text("services: {web: {image: nginx}}\n")
    (root / "empty.yaml").write_text("")
    (root / "list.yaml").write_text("- a\n- b\n")
    assert run_cli("generate", "specs", "--out", "modules", cwd=root).returncode == 0
    files = [
        str(p.relative_to(root)) for p in sorted(root.rglob("*")) if p.suffix in (".yaml", ".json")
    ]
    assert "modules/shared-services/.vpcegen-manifest.json" in files
    proc = run_cli("validate", "--only-specs", *files, cwd=root)
    assert proc.returncode == 0, proc.stdout
    assert "2 spec file(s) checked" in proc.stderr and "other file(s) skipped" in proc.stderr
    # a broken spec is still reported: parse errors, and files with version and name
    (root / "broken.yaml").write_text("version: 1\nname: x\nendpoints: [\n")
    proc = run_cli("validate", "--only-specs", "broken.yaml", "compose.yaml", cwd=root)
    assert proc.returncode == 1 and proc.stdout.startswith("broken.yaml:")
    # nothing but non-specs: the commit touches no spec, the hook passes
    proc = run_cli("validate", "--only-specs", "compose.yaml", "empty.yaml", cwd=root)
    assert proc.returncode == 0 and "no specs among the 2 file(s) given" in proc.stderr


def test_only_specs_with_config_goes_by_the_configured_globs(tmp_path: Path) -> None:
    from tests.support.project import make_project

    root = make_project(tmp_path)
    (root / "specs" / "drafts").mkdir()
    (root / "other.yaml").write_text("version: 1\nname: not-ours\n")  # looks like a spec
    (root / "specs" / "drafts" / "bad.yaml").write_text("version: 1\nname: [\n")
    proc = run_cli(
        "validate", "--only-specs", "other.yaml", "specs/app.yaml", "pyproject.toml", cwd=root
    )
    assert proc.returncode == 0 and "1 spec file(s) checked" in proc.stderr
    proc = run_cli("validate", "--only-specs", "specs/drafts/bad.yaml", cwd=root)
    assert proc.returncode == 1  # matched by specs/**/*.yaml: a broken spec, reported


def test_only_specs_with_a_config_without_specs_goes_by_content(tmp_path: Path) -> None:
    from tests.support.project import make_project

    root = make_project(
        tmp_path, typo=True, config='[tool.vpcegen]\nseverity = {SVC004 = "error"}\n'
    )
    proc = run_cli("validate", "--only-specs", "specs/shared.yaml", "pyproject.toml", cwd=root)
    assert proc.returncode == 1 and "error SVC004" in proc.stdout
