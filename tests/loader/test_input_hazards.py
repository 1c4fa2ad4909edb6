"""Hostile and broken input files: every one gets a clear, located finding or a clean exit 2.

YAML hazards (alias bombs, self-referencing aliases, language tags, deep nesting, huge
numbers), file hazards (empty, binary, non-UTF-8, UTF-16, BOM, CRLF/CR, oversized, sparse
multi-gigabyte files) and paths that cannot be read (folders named x.yaml, dangling and
looping symlinks, FIFOs, devices) -- through the API and the command line.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from generator.api import validate_paths
from generator.diagnostics import Finding, Severity, format_github, format_text
from generator.loader.load import InputError, load_spec, load_text
from generator.loader.source import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from tests.support.paths import EXAMPLES, ROOT, run_cli

GOOD_SPEC = (EXAMPLES / "shared-services" / "spec.yaml").read_text("utf-8")
MINIMAL = "version: 1\nname: demo\nregion: eu-west-1\n"


def _findings(text: str, name: str = "spec.yaml") -> list[Finding]:
    return load_text(name, text).findings


def _only(findings: list[Finding], rule_id: str = "SPEC001") -> Finding:
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding.rule_id == rule_id and finding.severity is Severity.ERROR, finding
    return finding


def _file_findings(tmp_path: Path, raw: bytes, name: str = "spec.yaml") -> list[Finding]:
    path = tmp_path / name
    path.write_bytes(raw)
    return load_spec(str(path), path).findings


def _billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ["version: 1", "a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# --- YAML hazards ------------------------------------------------------------------------------


def test_alias_bomb_is_refused_fast_in_bounded_memory() -> None:
    text = _billion_laughs()  # 10**10 values once expanded
    tracemalloc.start()
    start = time.perf_counter()
    try:
        findings = _findings(text)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    finding = _only(findings)
    assert f"more than {MAX_NODES} values" in finding.message
    assert finding.span.line > 2  # points into the anchors, not at the top of the file
    assert elapsed < 5, f"alias bomb took {elapsed:.1f}s"
    assert peak < 50 * 2**20, f"alias bomb peaked at {peak / 2**20:.0f} MiB"


def test_merge_key_bomb_is_refused() -> None:
    lines = ["version: 1", "a0: &a0 {k: v}"]
    for i in range(1, 40):
        lines.append(f"a{i}: &a{i} {{<<: [*a{i - 1}], k{i}: *a{i - 1}, j{i}: *a{i - 1}}}")
    start = time.perf_counter()
    finding = _only(_findings("\n".join(lines) + "\n"))
    assert "more than" in finding.message
    assert time.perf_counter() - start < 5


def test_wide_alias_fanout_below_the_bound_still_loads() -> None:
    text = MINIMAL + "tags: &t {a: b}\n" + "x: [" + ", ".join(["*t"] * 500) + "]\n"
    findings = _findings(text)
    assert [f.rule_id for f in findings] == ["SPEC004"]  # only the unknown key 'x'


@pytest.mark.parametrize("text", ["version: 1\na: &a [1, *a]\n", "version: 1\na: &a {b: *a}\n"])
def test_self_referencing_alias_is_refused(text: str) -> None:
    finding = _only(_findings(text))
    assert "cycle" in finding.message
    assert (finding.span.line, finding.span.col) == (2, 4)


def test_alias_bomb_through_the_cli_has_bounded_memory_and_time(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_billion_laughs(levels=12), "utf-8")
    limit = 768 * 2**20

    def cap_memory() -> None:  # runs in the child: address space capped at 768 MiB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(path)],
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=cap_memory,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "SPEC001" in proc.stdout and "more than" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert time.monotonic() - start < 30


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
        "!!python/name:os.system",
        "!!python/module:os",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
        "!Ref Something",
        "!!binary dG91Y2g=",
        "!!set {a, b}",
        "!!omap [{a: 1}]",
        "!!map {a: 1}",
        "!custom [touch]",
    ],
)
def test_language_tags_never_construct_objects(tmp_path: Path, value: str) -> None:
    marker = tmp_path / "pwned"
    text = MINIMAL + "description: " + value.replace("{marker}", str(marker)) + "\n"
    findings = _file_findings(tmp_path, text.encode())
    assert not marker.exists()
    if value.startswith("!!map"):  # the standard mapping tag is plain YAML
        assert all(f.rule_id != "SPEC001" for f in findings)
        return
    finding = _only(findings)
    assert "is not allowed" in finding.message and "tag" in finding.message
    assert (finding.span.line, finding.span.col) == (4, 14)


def test_python_tag_as_key_or_in_policy_file_is_refused(tmp_path: Path) -> None:
    _only(_findings(MINIMAL + "? !!python/name:os.system\n: 1\n"))
    (tmp_path / "p.yaml").write_text("!!python/object/apply:os.system ['true']\n", "utf-8")
    spec = GOOD_SPEC.replace(
        "    policy:\n      preset: organization\n      organization_id: o-a1b2c3d4e5\n\nendpoints",
        "    policy: {file: p.yaml}\n\nendpoints",
    )
    assert "file: p.yaml" in spec
    findings = _file_findings(tmp_path, spec.encode())
    assert any(f.rule_id == "SPEC001" and f.span.file.endswith("p.yaml") for f in findings)
    assert any(f.rule_id == "POL001" for f in findings)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!str 123", "123"),
        ("!!str yes", "yes"),
        ("!!str null", "null"),
        ("!!int '42'", 42),
        ("!!float 1", 1.0),
        ("yes", "yes"),  # YAML 1.2: not a boolean
        ("0o17", 15),
        ("0x1F", 31),
        ("'1'", "1"),
        ("=", "="),  # plain scalars YAML 1.1 gave special tags
        ("<<", "<<"),
    ],
)
def test_scalar_resolution(value: str, expected: object) -> None:
    loaded = load_text("spec.yaml", f"version: 1\nx: {value}\n")
    assert loaded.data["x"] == expected and type(loaded.data["x"]) is type(expected)


def test_explicit_tag_with_wrong_value_is_a_finding() -> None:
    finding = _only(_findings("version: 1\nx: !!int nope\n"))
    assert "not a valid !!int" in finding.message


def test_nested_merge_keys_merge() -> None:
    text = (
        "version: 1\n"
        "x-base: &base {description: from base, region: us-east-1}\n"
        "x-mid: &mid\n  <<: *base\n  region: eu-west-1\n"
        "name: demo\n"
        "<<: *mid\n"
    )
    loaded = load_text("spec.yaml", text)
    assert loaded.data["description"] == "from base"
    assert loaded.data["region"] == "eu-west-1"  # the merged mapping's own key wins


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("version: 1\nx: " + "[" * 200 + "]" * 200 + "\n", "nested deeper"),
        ("version: 1\nx: " + "{a: " * 200 + "1" + "}" * 200 + "\n", "nested deeper"),
        ("version: 1\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 120)), "nested"),
        ("- " * 200_000 + "x\n", "nesting"),
        ("version: 1\nx: " + "9" * 5000 + "\n", "numbers longer than"),
        ("version: 1\nx: 0x" + "f" * 5000 + "\n", "numbers longer than"),
        ("version: 1\n---\nversion: 1\n", "single document"),
        ("# only a comment\n", "no YAML document"),
        ("version: 1\nx: 'unterminated\n", "invalid YAML"),
        ("version: 1\nx: *undefined\n", "invalid YAML"),
        ('version: 1\nx: "\\ud800"\n', "invalid YAML"),
        ("version: 1\n\tname: tab\n", "tab character"),
    ],
    ids=[
        "flow-seq",
        "flow-map",
        "block",
        "dashes",
        "long-int",
        "long-hex",
        "two-documents",
        "comment-only",
        "unterminated",
        "undefined-alias",
        "lone-surrogate",
        "tab-indent",
    ],
)
def test_yaml_hazards_give_one_located_finding(text: str, words: str) -> None:
    start = time.perf_counter()
    finding = _only(_findings(text))
    assert words in finding.message, finding
    assert finding.span.line >= 1 and finding.span.col >= 1
    assert time.perf_counter() - start < 5


def test_nesting_within_the_bound_is_accepted() -> None:
    text = MINIMAL + "x: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    assert [f.rule_id for f in _findings(text)] == ["SPEC004"]


def test_brackets_in_yaml_strings_and_comments_are_not_nesting() -> None:
    many = "[" * (MAX_DEPTH * 3)
    text = MINIMAL + f"description: '{many}'  # {many}\ntags: {{a: \"{many}\"}}\n"
    assert _findings(text) == []


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_nesting_refusal_is_located_with_any_line_break(newline: str) -> None:
    text = newline.join(["version: 1", "name: demo", "x: " + "[" * (MAX_DEPTH + 1)]) + newline
    finding = _only(_findings(text))
    assert (finding.span.line, finding.span.col) == (3, 3 + MAX_DEPTH + 1)


def test_duplicate_keys_are_findings_not_overwrites() -> None:
    findings = _findings("version: 1\nname: a\nregion: eu-west-1\nname: b\n")
    dup = [f for f in findings if f.rule_id == "SPEC002"]
    assert len(dup) == 1 and dup[0].span.line == 4 and "line 2" in dup[0].message


# --- JSON hazards ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "position"),
    [
        ('{"version": ' + "1" * 5000 + "}", "numbers longer than", (1, 13)),
        ('{"version": 1, "x": "\\ud800"}', "unpaired surrogate", (1, 22)),
        ('{"x": ' + "[" * 100 + "]" * 100 + "}", "nested deeper", (1, 71)),
        ('{"version": 1} trailing', "after the top-level value", (1, 16)),
        ('{"version": 1,\r\n "x": tru}', "unexpected character", (2, 7)),
        ('{"version": 1,\r "x": tru}', "unexpected character", (2, 7)),
        ('{"a": "\x01"}', "control character", (1, 8)),
        ('{"version": 1', "expected ',' or '}'", (1, 14)),
    ],
    ids=["long-int", "surrogate", "deep", "trailing", "crlf", "cr", "control", "truncated"],
)
def test_json_hazards_give_one_located_finding(
    text: str, words: str, position: tuple[int, int]
) -> None:
    finding = _only(_findings(text, "spec.json"))
    assert words in finding.message, finding
    assert (finding.span.line, finding.span.col) == position


def test_json_brackets_inside_strings_are_not_nesting() -> None:
    text = '{"version": 1, "name": "demo", "region": "eu-west-1", "x": "' + "[" * 500 + '"}'
    assert [f.rule_id for f in _findings(text, "spec.json")] == ["SPEC004"]


def test_json_duplicate_keys_are_findings() -> None:
    findings = _findings('{"version": 1,\n "version": 1}', "spec.json")
    assert [(f.rule_id, f.span.line) for f in findings if f.rule_id == "SPEC002"] == [
        ("SPEC002", 2)
    ]


# --- file hazards ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "words", "position"),
    [
        (b"", "file is empty", (1, 1)),
        (b"  \n\t\n", "file is empty", (1, 1)),
        (b"\xef\xbb\xbf", "file is empty", (1, 1)),
        (b"version: 1\nname: \x00x\n", "NUL bytes", (2, 7)),
        ("version: 1\nname: é\x00\n".encode(), "NUL bytes", (2, 8)),
        (b"\x7fELF\x02\x01\x01\x00\x00", "NUL bytes", (1, 8)),
        (b"version: 1\nname: caf\xe9\n", "not valid UTF-8 (byte 0xe9)", (2, 10)),
        ("version: 1\n".encode("utf-16"), "UTF-16", (1, 1)),
        ("version: 1\n".encode("utf-16-be"), "NUL bytes", (1, 1)),
    ],
    ids=[
        "empty",
        "blank",
        "bom-only",
        "nul",
        "nul-after-utf8",
        "elf",
        "latin1",
        "utf16",
        "utf16be",
    ],
)
def test_file_hazards_give_one_located_finding(
    tmp_path: Path, raw: bytes, words: str, position: tuple[int, int]
) -> None:
    finding = _only(_file_findings(tmp_path, raw))
    assert words in finding.message
    assert (finding.span.line, finding.span.col) == position


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("bom", [False, True])
def test_bom_and_crlf_files_read_like_the_original(tmp_path: Path, newline: str, bom: bool) -> None:
    broken = GOOD_SPEC.replace("region: eu-west-1", "region: eu-west-1\nbogus: 1")
    plain = _file_findings(tmp_path, broken.encode(), "plain.yaml")
    raw = ("\ufeff" if bom else "") + broken.replace("\n", newline)
    other = _file_findings(tmp_path, raw.encode(), "plain.yaml")
    assert [(f.rule_id, f.span.line, f.span.col) for f in plain] == [
        (f.rule_id, f.span.line, f.span.col) for f in other
    ]
    assert any(f.rule_id == "SPEC004" for f in plain)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    raw = b"version: 1\ndescription: " + b"x" * MAX_FILE_BYTES + b"\n"
    finding = _only(_file_findings(tmp_path, raw))
    assert "larger than" in finding.message and finding.hint


def test_file_just_under_the_bound_loads(tmp_path: Path) -> None:
    head = MINIMAL.encode() + b"description: "
    raw = head + b"y" * (MAX_FILE_BYTES - len(head) - 1) + b"\n"
    assert len(raw) == MAX_FILE_BYTES
    start = time.perf_counter()
    findings = _file_findings(tmp_path, raw)
    assert all(f.rule_id != "SPEC001" for f in findings)
    assert time.perf_counter() - start < 10


def test_huge_sparse_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:
        fh.truncate(8 * 2**30)  # 8 GiB of holes: instant to create, ruinous to read
    tracemalloc.start()
    start = time.perf_counter()
    try:
        findings = load_spec(str(path), path).findings
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    finding = _only(findings)
    assert f"{8 * 2**30} bytes" in finding.message
    assert time.perf_counter() - start < 2
    assert peak < 8 * 2**20


# --- paths that cannot be read: exit 2, never a hang -------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    proc = run_cli(*args)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_folder_named_like_a_spec(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()
    proc = _cli("validate", str(tmp_path / "x.yaml"))
    assert proc.returncode == 2 and "no spec files" in proc.stderr
    (tmp_path / "good.yaml").write_text(GOOD_SPEC, "utf-8")
    proc = _cli("validate", str(tmp_path))  # walked: the folder x.yaml is not a file
    assert proc.returncode == 0 and "1 spec file(s) checked" in proc.stderr


def test_dangling_and_looping_symlinks_exit_2(tmp_path: Path) -> None:
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    proc = _cli("validate", str(tmp_path / "dangling.yaml"))
    assert proc.returncode == 2 and "symlink to a missing file" in proc.stderr
    loops = tmp_path / "loops"
    loops.mkdir()
    (loops / "a.yaml").symlink_to("b.yaml")
    (loops / "b.yaml").symlink_to("a.yaml")
    for target in (loops, loops / "a.yaml"):
        proc = _cli("validate", str(target))
        assert proc.returncode == 2 and "symbolic links" in proc.stderr, proc.stderr


def test_unlistable_subfolder_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root chmod 000 does not stop listing a folder; simulate what it does to others."""
    (tmp_path / "good.yaml").write_text(GOOD_SPEC, "utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.yaml").write_text(GOOD_SPEC, "utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError, match="locked: cannot read folder"):
        validate_paths([str(tmp_path)])


def test_overlong_path_exits_2(tmp_path: Path) -> None:
    proc = _cli("validate", str(tmp_path / ("a" * 5000 + ".yaml")))
    assert proc.returncode == 2 and "File name too long" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    start = time.monotonic()
    proc = _cli("validate", str(fifo))  # reading it would block forever: nobody writes
    assert proc.returncode == 2 and "not a regular file" in proc.stderr
    folder = tmp_path  # the same FIFO met in a folder walk
    (folder / "good.yaml").write_text(GOOD_SPEC, "utf-8")
    proc = _cli("validate", str(folder))
    assert proc.returncode == 2 and f"{fifo}: is not a regular file" in proc.stderr
    assert time.monotonic() - start < 30


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} missing")
    link = tmp_path / "spec.yaml"
    link.symlink_to(device)
    for target in (device, str(link)):
        with pytest.raises(InputError, match="not a regular file"):
            validate_paths([target])


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(InputError):
            validate_paths([str(path)])


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "folder", "missing", "loop"])
def test_policy_file_hazards_are_findings_not_hangs(tmp_path: Path, target: str) -> None:
    ref = {"fifo": "p.json", "/dev/zero": "/dev/zero", "folder": "d.json", "loop": "l.json"}
    ref_name = ref.get(target, "missing.json")
    if target == "fifo":
        os.mkfifo(tmp_path / "p.json")
    elif target == "folder":
        (tmp_path / "d.json").mkdir()
    elif target == "loop":
        (tmp_path / "l.json").symlink_to("l.json")
    spec = GOOD_SPEC.replace(
        "    policy:\n      preset: organization\n      organization_id: o-a1b2c3d4e5\n\nendpoints",
        f"    policy: {{file: {ref_name}}}\n\nendpoints",
    )
    path = tmp_path / "spec.yaml"
    path.write_text(spec, "utf-8")
    start = time.monotonic()
    result = validate_paths([str(path)])
    assert time.monotonic() - start < 10
    pol = [f for f in result.findings if f.rule_id == "POL001"]
    assert pol, result.findings
    expected = {"/dev/zero": "is an absolute path", "missing": f"not found (looked for {tmp_path}"}
    assert expected.get(target, "cannot read policy file") in pol[0].message, result.findings
    assert pol[0].span.file == str(path) and pol[0].span.line > 1


# --- what is printed -----------------------------------------------------------------------------


def test_findings_print_no_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(
        '{"version": 1, "name": "demo", "region": "eu-west-1",'
        ' "\\u001b[2J\\nfake.yaml:1:1: error X": 1}',
        "utf-8",
    )
    text = format_text(validate_paths([str(path)]).findings)
    assert "\x1b" not in text
    assert not any(line.startswith("fake.yaml") for line in text.splitlines())
    gh = format_github(validate_paths([str(path)]).findings)
    assert "\x1b" not in gh and len(gh.splitlines()) == len(validate_paths([str(path)]).findings)


def test_policy_file_outside_the_tree_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "repo"
    (work / "specs").mkdir(parents=True)
    (tmp_path / "secret.json").write_text('{"Statement": []}', "utf-8")
    spec = GOOD_SPEC.replace(
        "    policy:\n      preset: organization\n      organization_id: o-a1b2c3d4e5\n\nendpoints",
        "    policy: {file: ../../secret.json}\n\nendpoints",
    )
    (work / "specs" / "spec.yaml").write_text(spec, "utf-8")
    monkeypatch.chdir(work)
    result = validate_paths(["specs/spec.yaml"])
    pol = [f for f in result.findings if f.rule_id == "POL001"]
    assert pol and "resolves outside" in pol[0].message
