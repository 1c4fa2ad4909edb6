"""Project configuration: found upward, paths relative to it, rules' severities and ignores."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config, ConfigError, find_config, load_config, matches, spec_files
from generator.diagnostics import Severity
from tests.support.paths import run_cli
from tests.support.project import CONFIG, make_project


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- finding the file ------------------------------------------------------------------------


def test_found_upward_and_vpcegen_toml_wins(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) is None
    _write(tmp_path / "pyproject.toml", CONFIG)
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    _write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'other'\n")  # no table: passed
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    _write(tmp_path / "vpcegen.toml", 'out = "m"\n')
    assert find_config(deep) == (tmp_path / "vpcegen.toml").resolve()
    assert load_config(tmp_path / "vpcegen.toml").out == "m"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('spec = ["x"]', "unknown setting 'spec' (did you mean 'specs'?)"),
        ("strict = 1", "'strict' must be true or false"),
        ("specs = [1]", "'specs' must be a list of strings"),
        ('specs = ["/abs/*.yaml"]', "is absolute"),
        ('specs = ["../specs"]', "leaves the project folder"),
        ('ignore = ["IF001"]', "IF001 is an error and cannot be ignored"),
        ('ignore = ["IF0O1"]', "'IF0O1' is not a rule ID (did you mean IF001"),
        ('severity = {IF001 = "warning"}', "IF001 is an error and cannot be lowered"),
        ('severity = {SVC004 = "fatal"}', 'use "error", "warning" or "info"'),
        ("specs = [", "invalid TOML"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "vpcegen.toml", text + "\n")
    with pytest.raises(ConfigError, match=None) as err:
        load_config(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_bad_config_exits_2_without_traceback(tmp_path: Path) -> None:
    _write(tmp_path / "vpcegen.toml", 'specs = ["specs"]\nseverity = {IF001 = "info"}\n')
    proc = run_cli("validate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "IF001 is an error and cannot be lowered" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_severity_levels_parse(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pyproject.toml",
        '[tool.vpcegen]\nseverity = {SVC004 = "error", IF004 = "notice", IF001 = "error"}\n',
    )
    config = load_config(path)
    assert config.severity == {
        "SVC004": Severity.ERROR,
        "IF004": Severity.INFO,
        "IF001": Severity.ERROR,
    }


# --- which files are specs -------------------------------------------------------------------


def test_globs_folders_and_excludes(tmp_path: Path) -> None:
    for rel in (
        "specs/a.yaml",
        "specs/x/y/b.yml",
        "specs/policies/p.json",
        "specs/.hidden/c.yaml",
        "specs/notes.md",
        "other/d.yaml",
        "e.json",
    ):
        _write(tmp_path / rel, "x: 1\n")
    config_file = _write(tmp_path / "vpcegen.toml", "")

    def chosen(specs: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[str]:
        config = Config(config_file.resolve(), specs, exclude)
        found = [rel for rel, _ in spec_files(config)]
        assert found == sorted(
            p.relative_to(tmp_path).as_posix()
            for p in tmp_path.rglob("*")
            if p.is_file() and matches(config, p)
        ), "spec_files and matches disagree"
        return found

    assert chosen(("specs/**/*.yaml",)) == ["specs/a.yaml"]
    assert chosen(("specs/**/*.y*ml",)) == ["specs/a.yaml", "specs/x/y/b.yml"]
    assert chosen(("specs",)) == ["specs/a.yaml", "specs/policies/p.json", "specs/x/y/b.yml"]
    assert chosen(("specs",), ("specs/policies",)) == ["specs/a.yaml", "specs/x/y/b.yml"]
    assert chosen(("**/*.json",)) == ["e.json", "specs/policies/p.json"]
    assert chosen(("other/d.yaml", "specs/*.yaml")) == ["other/d.yaml", "specs/a.yaml"]
    with pytest.raises(ConfigError, match="'specz' does not exist"):
        chosen(("specz",))


# --- commands driven by the configuration ----------------------------------------------------


def _outputs(proc: object) -> tuple[int, str, str]:
    return proc.returncode, proc.stdout, proc.stderr  # type: ignore[attr-defined]


def test_same_result_from_every_subfolder(tmp_path: Path) -> None:
    root = make_project(tmp_path, typo=True)
    (root / "specs" / "policies" / "deep").mkdir()
    first = run_cli("generate", cwd=root)
    assert first.returncode == 0, first.stderr
    assert "warning SVC004" in first.stdout and "specs/shared.yaml:" in first.stdout
    header = (root / "modules" / "shared-services" / "main.tf").read_text().splitlines()[0]
    assert header == "# Code generated by vpcegen from specs/shared.yaml. DO NOT EDIT."
    for command in (("validate",), ("generate", "--check"), ("generate", "--check", "-f", "json")):
        results = {
            str(where.relative_to(root)): _outputs(run_cli(*command, cwd=where))
            for where in (root, root / "specs", root / "specs" / "policies" / "deep")
        }
        assert len(set(results.values())) == 1, (command, results)
        assert next(iter(results.values()))[0] == 0


def test_severity_override_turns_a_warning_into_a_failure(tmp_path: Path) -> None:
    root = make_project(tmp_path, config=CONFIG + '[tool.vpcegen.severity]\nSVC004 = "error"\n')
    assert run_cli("validate", cwd=root).returncode == 0
    (root / "specs" / "shared.yaml").write_text(
        (root / "specs" / "shared.yaml").read_text().replace("ecr.api", "ecr-dkr", 1)
    )
    proc = run_cli("validate", cwd=root / "specs")
    assert proc.returncode == 1
    assert "specs/shared.yaml:47:14: error SVC004:" in proc.stdout
    # a spec's `suppress` cannot hide what the project made an error
    text = (root / "specs" / "shared.yaml").read_text()
    (root / "specs" / "shared.yaml").write_text(text + "suppress: [SVC004]\n")
    assert run_cli("validate", cwd=root).returncode == 1
    # --no-config: the catalog's severity again (and the spec's suppress applies)
    assert run_cli("validate", "specs", "--no-config", cwd=root).returncode == 0


def test_ignore_lower_and_strict(tmp_path: Path) -> None:
    root = make_project(tmp_path, typo=True, config=CONFIG + 'ignore = ["SVC004"]\n')
    proc = run_cli("validate", cwd=root)
    assert proc.returncode == 0 and "SVC004" not in proc.stdout
    (root / "pyproject.toml").write_text(CONFIG + 'severity = {SVC004 = "info"}\nstrict = true\n')
    proc = run_cli("validate", cwd=root)
    assert proc.returncode == 0 and "info SVC004" in proc.stdout  # a notice never fails
    (root / "pyproject.toml").write_text(CONFIG + "strict = true\n")
    proc = run_cli("validate", cwd=root)
    assert proc.returncode == 1 and "warning SVC004" in proc.stdout
    assert run_cli("validate", "--no-strict", cwd=root).returncode == 0


def test_config_applies_to_paths_given_on_the_command_line(tmp_path: Path) -> None:
    root = make_project(tmp_path, typo=True, config=CONFIG + 'severity = {SVC004 = "error"}\n')
    proc = run_cli("validate", "shared.yaml", cwd=root / "specs")
    assert proc.returncode == 1 and proc.stdout.startswith("shared.yaml:47:14: error SVC004")


def test_explicit_config_file_and_missing_settings(tmp_path: Path) -> None:
    root = make_project(tmp_path, config=None)
    assert "no configuration found" in run_cli("validate", cwd=root).stderr
    _write(root / "ci.toml", 'specs = ["specs/shared.yaml"]\n')
    proc = run_cli("validate", "--config", "../ci.toml", cwd=root / "specs")
    assert proc.returncode == 0 and "1 spec file(s) checked" in proc.stderr
    proc = run_cli("generate", "--config", "ci.toml", cwd=root)
    assert proc.returncode == 2 and "no --out given and no 'out' configured" in proc.stderr


def test_policy_files_may_live_anywhere_under_the_project_root(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "policies").mkdir()
    (root / "specs" / "policies" / "sqs-orders.json").rename(root / "policies" / "sqs.json")
    spec = root / "specs" / "app.yaml"
    spec.write_text(spec.read_text().replace("policies/sqs-orders.json", "../policies/sqs.json"))
    # outside the spec's folder but inside the project: allowed from any working directory
    for where in (root, root / "specs"):
        proc = run_cli("validate", cwd=where)
        assert proc.returncode == 0, proc.stdout


def test_readme_configuration_example_loads(tmp_path: Path) -> None:
    from tests.support.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    config = load_config(_write(tmp_path / "pyproject.toml", example))
    assert config.specs and config.out == "modules"
    assert config.severity["SVC004"] is Severity.ERROR


def test_readme_hook_ids_exist() -> None:
    import yaml

    from tests.support.paths import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("## Use it in CI and pre-commit", 1)[1].split("```yaml\n", 1)[1]
    used = yaml.safe_load(snippet.split("```", 1)[0])["repos"][0]["hooks"]
    assert {h["id"] for h in used} == {h["id"] for h in hooks}
    for hook in hooks:
        assert hook["entry"].startswith("vpcegen ") and hook["language"] == "python"
