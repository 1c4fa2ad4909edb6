"""Orphans: modules no spec produces any more are reported by --check and removed by --prune,
only when nothing but vpcegen's own unedited files would go."""

from __future__ import annotations

import os
from pathlib import Path

from generator.render.writer import MANIFEST
from tests.support.paths import run_cli
from tests.support.project import make_project


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _project(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    assert run_cli("generate", cwd=root).returncode == 0
    return root


def test_renamed_module_is_an_orphan_until_pruned(tmp_path: Path) -> None:
    root = _project(tmp_path)
    spec = root / "specs" / "app.yaml"
    spec.write_text(spec.read_text().replace("name: policy-files", "name: orders", 1))
    before = _tree(root / "modules")
    check = run_cli("generate", "--check", cwd=root / "specs")
    assert check.returncode == 1
    assert (
        "modules/policy-files: no spec produces this module any more "
        "(specs/app.yaml now produces another module)"
    ) in check.stderr
    assert check.stderr.splitlines()[-1] == (
        "to bring the modules up to date, run: vpcegen generate --prune"
    )
    assert _tree(root / "modules") == before  # --check writes nothing

    plain = run_cli("generate", cwd=root)  # writes the new module, keeps and names the old one
    assert plain.returncode == 0
    assert (root / "modules" / "policy-files").is_dir() and (root / "modules" / "orders").is_dir()
    assert "run: vpcegen generate --prune" in plain.stderr.splitlines()[-1]
    assert run_cli("generate", "--check", cwd=root).returncode == 1  # still an orphan

    pruned = run_cli("generate", "--prune", cwd=root)
    assert pruned.returncode == 0, pruned.stderr
    assert "modules/policy-files: removed (no spec produces it)" in pruned.stderr
    assert sorted(os.listdir(root / "modules")) == ["orders", "shared-services"]
    assert run_cli("generate", "--check", cwd=root).returncode == 0


def test_deleted_spec_is_found_even_with_paths_on_the_command_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "specs" / "app.yaml").unlink()
    proc = run_cli("generate", "specs/shared.yaml", "--out", "modules", "--check", cwd=root)
    assert proc.returncode == 1
    assert "(specs/app.yaml no longer exists)" in proc.stderr
    assert proc.stderr.splitlines()[-1].endswith(
        "vpcegen generate specs/shared.yaml --out modules --prune"
    )


def test_a_few_specs_on_the_command_line_leave_the_others_alone(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = run_cli("generate", "specs/shared.yaml", "--out", "modules", "--check", cwd=root)
    assert proc.returncode == 0, proc.stderr  # app.yaml still exists: its module is no orphan
    proc = run_cli("generate", "specs/shared.yaml", "--out", "modules", "--prune", cwd=root)
    assert proc.returncode == 0 and (root / "modules" / "policy-files").is_dir()


def test_prune_never_removes_a_users_file_or_a_hand_edit(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "specs" / "app.yaml").unlink()
    module = root / "modules" / "policy-files"
    (module / "override.tf").write_text("# mine\n")
    before = _tree(module)
    proc = run_cli("generate", "--prune", cwd=root)
    assert proc.returncode == 1
    assert "holds files vpcegen did not write (override.tf)" in proc.stderr
    assert _tree(module) == before

    (module / "override.tf").unlink()
    (module / "main.tf").write_text((module / "main.tf").read_text() + "# tweak\n")
    before = _tree(module)
    proc = run_cli("generate", "--prune", cwd=root)
    assert proc.returncode == 1 and "main.tf: was edited by hand; not removed" in proc.stderr
    assert _tree(module) == before

    proc = run_cli("generate", "--prune", "--force", cwd=root)
    assert proc.returncode == 0 and not module.exists()


def test_folders_vpcegen_did_not_write_are_not_orphans(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "modules" / "handwritten").mkdir()
    (root / "modules" / "handwritten" / "main.tf").write_text("# mine\n")
    (root / "modules" / "README.md").write_text("# modules\n")
    assert run_cli("generate", "--check", cwd=root).returncode == 0
    assert run_cli("generate", "--prune", cwd=root).returncode == 0
    assert (root / "modules" / "handwritten" / "main.tf").read_text() == "# mine\n"


def test_check_and_prune_together_is_a_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = run_cli("generate", "--check", "--prune", cwd=root)
    assert proc.returncode == 2 and "--check writes nothing" in proc.stderr


def test_check_diff_names_paths_from_the_repository_top(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / ".git").mkdir()  # what makes a folder a work tree for vpcegen: no git needed
    target = root / "modules" / "shared-services" / "main.tf"
    target.write_text(target.read_text() + "# tweak\n")
    spec = root / "specs" / "shared.yaml"
    spec.write_text(spec.read_text().replace("Owner: platform-team", "Owner: network-team"))
    proc = run_cli("generate", "shared.yaml", "--out", "../modules", "--check", cwd=root / "specs")
    assert proc.returncode == 1
    headers = [line for line in proc.stdout.splitlines() if line.startswith("+++ ")]
    assert headers[0].startswith("+++ b/modules/shared-services/")
    assert headers[-1] == f"+++ b/modules/shared-services/{MANIFEST}"  # hashes come last
    assert proc.stderr.splitlines()[-1] == (
        "to bring the modules up to date, run: "
        "vpcegen generate shared.yaml --out ../modules --force"
    )
