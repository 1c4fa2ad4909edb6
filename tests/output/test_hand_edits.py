"""Hand edits and the user's own files are never lost.

The manifest records a SHA-256 per generated file. `generate` refuses to overwrite (or remove)
a generated file edited by hand, naming it, unless --force; `--check` reports it with a diff.
Files the user added inside a module folder survive regeneration byte-identical, as the same
inode; files vpcegen no longer produces are removed. A property test drives random sequences
of edits, additions, deletions and regenerations through the writer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.api import GenerateResult, generate_paths
from generator.render.writer import MANIFEST, sha256, write_module
from tests.support.paths import EXAMPLES, ROOT, run_cli

BASE = (EXAMPLES / "shared-services" / "spec.yaml").read_text("utf-8")
SECURITY_GROUPS = """security_groups:
  endpoints:
    description: HTTPS to interface endpoints from the VPC
    ingress:
      - {port: 443, from: vpc, description: HTTPS from the shared-services VPC}
"""
LONG = int(os.environ.get("VPCEGEN_FUZZ_EXAMPLES", "0") or 0)


def spec_text(name: str, variant: str) -> str:
    """Variant b has no security groups: it drops security_groups.tf."""
    text = BASE.replace("name: shared-services", f"name: {name}", 1)
    text = text.replace("CostCenter: network", f"CostCenter: network-{variant}", 1)
    if variant == "b":
        text = text.replace(SECURITY_GROUPS, "").replace("    security_groups: [endpoints]\n", "")
        assert "security_groups" not in text
    return text


@pytest.fixture
def estate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two specs (mod-a, mod-b) in tmp/specs; runs happen from the repository root."""
    monkeypatch.chdir(ROOT)
    (tmp_path / "specs").mkdir()
    set_variant(tmp_path, "a")
    return tmp_path


def set_variant(root: Path, variant: str) -> None:
    for name in ("mod-a", "mod-b"):
        (root / "specs" / f"{name}.yaml").write_text(spec_text(name, variant), "utf-8")


def run(root: Path, *, force: bool = False, check: bool = False) -> GenerateResult:
    return generate_paths([str(root / "specs")], str(root / "out"), force=force, check=check)


def rendering(root: Path, variant: str) -> dict[str, dict[str, bytes]]:
    """What the two modules hold after a clean run of `variant`."""
    ref = root / f"ref-{variant}"
    set_variant(root, variant)
    result = generate_paths([str(root / "specs")], str(ref))
    assert result.validation.ok and not result.blocked
    return {
        m.name: {f.name: f.read_bytes() for f in m.iterdir()} for m in ref.iterdir() if m.is_dir()
    }


def generated(folder: Path) -> dict[str, bytes]:
    manifest = json.loads((folder / MANIFEST).read_text())
    return {name: (folder / name).read_bytes() for name in [*manifest["files"], MANIFEST]}


def snapshot(path: Path) -> dict[str, tuple[int, bytes | str]]:
    """Relative path -> (inode, bytes or symlink target) for everything under `path`."""
    snap: dict[str, tuple[int, bytes | str]] = {}
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(path))
            if p.is_symlink():
                snap[rel] = (p.lstat().st_ino, "->" + os.readlink(p))
            elif p.is_file():
                snap[rel] = (p.stat().st_ino, p.read_bytes())
    return snap


# --- hand edits ---------------------------------------------------------------------------------


def test_hand_edit_is_refused_and_named_through_the_cli(estate: Path) -> None:
    assert run(estate).modules
    edited = estate / "out" / "mod-a" / "endpoints.tf"
    edited.write_bytes(edited.read_bytes() + b"# my tweak\n")
    mine = edited.read_bytes()
    set_variant(estate, "b")
    new = rendering(estate, "b")
    proc = run_cli("generate", str(estate / "specs"), "--out", str(estate / "out"))
    assert proc.returncode == 1, proc.stderr
    assert f"{edited}: was edited by hand" in proc.stderr
    assert "--force" in proc.stderr
    assert edited.read_bytes() == mine
    assert generated(estate / "out" / "mod-b") == new["mod-b"]  # the other module moved on
    assert (estate / "out" / "mod-a" / "security_groups.tf").exists()  # mod-a untouched


def test_check_reports_the_hand_edit_with_a_diff(estate: Path) -> None:
    run(estate)
    edited = estate / "out" / "mod-a" / "main.tf"
    edited.write_bytes(edited.read_bytes().replace(b"\n", b"\n# tweak\n", 1))
    before = snapshot(estate / "out")
    proc = run_cli("generate", str(estate / "specs"), "--out", str(estate / "out"), "--check")
    assert proc.returncode == 1
    out = (estate / "out").resolve().as_posix().lstrip("/")  # outside a repository: absolute
    assert f"--- a/{out}/mod-a/main.tf" in proc.stdout and "-# tweak" in proc.stdout
    assert f"{edited}: was edited by hand" in proc.stderr
    assert "mod-b" not in proc.stdout  # only the edited module differs
    assert snapshot(estate / "out") == before


def test_force_overwrites_the_hand_edit(estate: Path) -> None:
    run(estate)
    edited = estate / "out" / "mod-a" / "outputs.tf"
    edited.write_text("# replaced by hand\n")
    proc = run_cli("generate", str(estate / "specs"), "--out", str(estate / "out"), "--force")
    assert proc.returncode == 0, proc.stderr
    assert generated(estate / "out" / "mod-a") == rendering(estate, "a")["mod-a"]
    assert run(estate, check=True).modules[0].status == "unchanged"


def test_hand_edit_blocks_even_when_the_spec_did_not_change(estate: Path) -> None:
    run(estate)
    edited = estate / "out" / "mod-b" / "README.md"
    edited.write_text("my readme\n")
    result = run(estate)
    assert result.blocked
    assert any(f"{edited}: was edited by hand" in m for m in result.messages)
    assert edited.read_text() == "my readme\n"


def test_hand_edited_stale_file_is_not_removed_without_force(estate: Path) -> None:
    run(estate)
    stale = estate / "out" / "mod-a" / "security_groups.tf"
    stale.write_bytes(stale.read_bytes() + b"# keep my rule\n")
    mine = stale.read_bytes()
    set_variant(estate, "b")  # b no longer produces security_groups.tf
    result = run(estate)
    assert result.blocked and stale.read_bytes() == mine
    assert any(f"{stale}: was edited by hand" in m for m in result.messages)
    result = run(estate, force=True)
    assert not result.blocked and not stale.exists()


def test_stale_generated_files_are_removed(estate: Path) -> None:
    run(estate)
    set_variant(estate, "b")
    result = run(estate)
    assert [m.status for m in result.modules] == ["updated", "updated"]
    new = rendering(estate, "b")
    for name in ("mod-a", "mod-b"):
        folder = estate / "out" / name
        assert not (folder / "security_groups.tf").exists()
        assert {p.name for p in folder.iterdir()} == set(new[name])
        assert generated(folder) == new[name]


def test_deleted_generated_file_is_simply_regenerated(estate: Path) -> None:
    run(estate)
    (estate / "out" / "mod-a" / "versions.tf").unlink()
    result = run(estate)
    assert not result.blocked
    assert generated(estate / "out" / "mod-a") == rendering(estate, "a")["mod-a"]


@pytest.mark.parametrize("damage", ["delete", "corrupt", "not-a-mapping"])
def test_lost_manifest_means_nothing_is_overwritten(estate: Path, damage: str) -> None:
    run(estate)
    manifest = estate / "out" / "mod-a" / MANIFEST
    if damage == "delete":
        manifest.unlink()
    elif damage == "corrupt":
        manifest.write_text("{not json")
    else:
        manifest.write_text('["files"]')
    before = snapshot(estate / "out" / "mod-a")
    set_variant(estate, "b")
    for force in (False, True):
        result = run(estate, force=force)
        assert result.blocked
        assert any("not generated by vpcegen" in m for m in result.messages)
        assert snapshot(estate / "out" / "mod-a") == before


# --- the user's own files ---------------------------------------------------------------------


def test_user_files_survive_regeneration_byte_identical_same_inode(estate: Path) -> None:
    run(estate)
    folder = estate / "out" / "mod-a"
    (folder / "notes.md").write_text("my notes\n")
    (folder / "override.tf").write_bytes(b'locals { mine = "\xe2\x9c\x93" }\n')
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "deep" / "er" / "data.json").write_text('{"k": 1}\n')
    (folder / ".hidden").write_text("dotfile\n")
    (folder / "link.tf").symlink_to("override.tf")
    os.link(folder / "notes.md", estate / "hardlink-outside")
    mine = {k: v for k, v in snapshot(folder).items() if k not in generated(folder)}
    assert len(mine) == 5
    for variant in ("b", "a", "b"):
        set_variant(estate, variant)
        result = run(estate)
        assert [m.status for m in result.modules] == ["updated", "updated"], result.messages
        after = snapshot(folder)
        assert {k: after[k] for k in mine} == mine, variant
        assert generated(folder) == rendering(estate, variant)["mod-a"]
    assert (estate / "hardlink-outside").stat().st_ino == (folder / "notes.md").stat().st_ino


def test_user_file_named_like_a_new_generated_file_is_kept(estate: Path) -> None:
    set_variant(estate, "b")
    run(estate)
    mine = estate / "out" / "mod-a" / "security_groups.tf"
    mine.write_text("# my own security groups\n")
    set_variant(estate, "a")  # a generates security_groups.tf
    for force in (False, True):
        result = run(estate, force=force)
        assert result.blocked
        assert any(f"{mine}: exists and was not generated by vpcegen" in m for m in result.messages)
        assert mine.read_text() == "# my own security groups\n"


def test_user_folder_in_place_of_a_stale_generated_file_is_kept(estate: Path) -> None:
    run(estate)
    folder = estate / "out" / "mod-a"
    (folder / "security_groups.tf").unlink()
    (folder / "security_groups.tf").mkdir()  # the user reuses the name for a folder of theirs
    (folder / "security_groups.tf" / "rules.tf").write_text("# mine\n")
    set_variant(estate, "b")  # b does not generate security_groups.tf any more
    result = run(estate)
    assert not result.blocked, result.messages
    assert (folder / "security_groups.tf" / "rules.tf").read_text() == "# mine\n"


# --- a property: random sequences of edits and runs --------------------------------------------

FILES_A = {"main.tf": b"a main\n", "sg.tf": b"a sg\n", "README.md": b"a\n"}
FILES_B = {"main.tf": b"b main\n", "README.md": b"b\n", "extra.tf": b"b extra\n"}
NAMES = ["main.tf", "sg.tf", "README.md", "extra.tf", "notes.md", "sub", MANIFEST]

operation = st.one_of(
    st.tuples(st.just("generate"), st.sampled_from(["a", "b"]), st.booleans()),
    st.tuples(st.just("edit"), st.sampled_from(NAMES), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("add"), st.sampled_from(NAMES), st.binary(max_size=8)),
    st.tuples(st.just("delete"), st.sampled_from(NAMES), st.none()),
)


@settings(
    max_examples=LONG or 150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(operation, min_size=1, max_size=12))
def test_no_sequence_of_edits_and_runs_loses_a_users_bytes(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    ops: list[tuple[str, str, object]],
) -> None:
    """Invariant: bytes a user wrote (a hand edit or a file of their own) stay until --force.

    A user's own file (one vpcegen did not write) survives even --force; a hand edit of a
    generated file survives every run without --force.
    """
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not under test here
    out = tmp_path_factory.mktemp("out")
    folder = out / "mod"
    owned: dict[str, bytes] = {}  # files the user created: never touched by vpcegen
    edits: dict[str, bytes] = {}  # generated files the user edited: kept until --force
    ours: set[str] = set()  # names vpcegen wrote last
    for op, name, arg in ops:
        path = folder / name
        if op == "generate":
            files = FILES_A if name == "a" else FILES_B
            force = bool(arg)
            result = write_module(out, "mod", files, "spec.yaml", force=force)
            if edits and not force:
                assert result.status == "blocked", "a hand edit was overwritten without --force"
            if result.status != "blocked":
                manifest = json.loads((folder / MANIFEST).read_text())
                assert manifest["files"] == {f: sha256(d) for f, d in files.items()}
                for fname, data in files.items():
                    assert (folder / fname).read_bytes() == data
                stale = ours - set(files) - {MANIFEST}
                assert not stale & {p.name for p in folder.iterdir()}, "a stale file survived"
                ours, edits = set(files) | {MANIFEST}, {}
            else:
                assert result.messages
        elif not folder.is_dir():
            continue
        elif op == "edit" and name in ours and path.is_file() and name != MANIFEST:
            path.write_bytes(path.read_bytes() + arg)  # type: ignore[operator]
            edits[name] = path.read_bytes()
        elif op == "add" and not path.exists() and name not in ours:
            if name == "sub":
                path.mkdir()
                (path / "f").write_bytes(arg)  # type: ignore[arg-type]
                owned["sub/f"] = (path / "f").read_bytes()
            else:
                path.write_bytes(arg)  # type: ignore[arg-type]
                owned[name] = path.read_bytes()
        elif op == "delete" and name in ours and path.is_file() and name != MANIFEST:
            path.unlink()
            edits.pop(name, None)
        for rel, data in owned.items():
            assert (folder / rel).read_bytes() == data, f"lost the user's {rel}"
        for rel, data in edits.items():
            assert (folder / rel).read_bytes() == data, f"lost a hand edit of {rel}"
