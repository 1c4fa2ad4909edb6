"""Fuzzing the loader and the rules: whatever a file holds, `vpcegen validate` answers.

Property: validation never raises, its exit code is 0, 1 or 2 (never 3, an internal error),
and every finding has a location inside the file it names. Specs that validate also render.

Inputs: arbitrary YAML/JSON values (spec-shaped and not), arbitrary bytes, and mutations of
the example specs: of their text (deleted, duplicated, swapped, re-indented and retyped lines;
renamed keys; truncation; NUL bytes; invalid UTF-8; CRLF/CR; a BOM; huge strings; deep
nesting; Unicode; aliases) and of their data (deleted, retyped, renamed, copied and added
values, written as YAML and as JSON).

Default: derandomized, 1,300 cases in-process and 60 + 7 files through the CLI, ~15 s.
Longer local run: VPCEGEN_FUZZ_EXAMPLES=3000 pytest tests/loader/test_fuzz.py (cases per in-process
property; the CLI sample grows to N/100 batches of 20 files).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.api import render_spec, validate_paths
from generator.diagnostics import Finding, Severity, format_github, format_json, format_text
from generator.loader.load import InputError, load_text
from generator.loader.source import JSON_BREAKS, YAML_BREAKS
from tests.support.paths import example_specs, run_cli

LONG = int(os.environ.get("VPCEGEN_FUZZ_EXAMPLES", "0") or 0)


def _examples(default: int) -> int:
    return LONG or default


def _settings(default: int) -> settings:
    return settings(
        max_examples=_examples(default),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


EXAMPLE_TEXTS: dict[str, str] = {p.parent.name: p.read_text("utf-8") for p in example_specs()}
POLICY_DIR = next(
    (p.parent / "policies" for p in example_specs() if (p.parent / "policies").is_dir()), None
)


def _as_json(text: str) -> str:
    loaded = load_text("example.yaml", text)
    return json.dumps(loaded.data, indent=2, ensure_ascii=False) + "\n"


EXAMPLE_JSON = {name: _as_json(text) for name, text in EXAMPLE_TEXTS.items()}

# --- the property -----------------------------------------------------------------------------


def _exit_code(findings: list[Finding]) -> int:
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def check_validate(path: Path, raw: bytes, *, render: bool = True) -> int:
    """Validate `path` (holding `raw`) in-process; assert the property; return the exit code."""
    try:
        result = validate_paths([str(path)])
    except InputError:
        return 2  # unreadable input: a clean exit 2 (not expected for regular files)
    text = raw.decode("utf-8", errors="replace")
    lines = (JSON_BREAKS if path.suffix == ".json" else YAML_BREAKS).split(text)
    longest = max((len(line) for line in lines), default=0)
    own = str(path)
    for f in result.findings:
        assert isinstance(f, Finding), f
        assert f.severity in Severity.__members__.values()
        assert f.span.line >= 1 and f.span.col >= 1, f
        assert f.message and f.rule_id, f
        if f.span.file == own:
            assert f.span.line <= len(lines) + 1, (f, len(lines))
            assert f.span.col <= longest + 2, (f, longest)
        else:  # a policy document the spec refers to
            assert f.span.file and not f.span.file.startswith(own + ":"), f
    # what the CLI prints must be printable: text, JSON and GitHub formats, as UTF-8
    for out in (
        format_text(result.findings),
        format_text(result.findings, color=True),
        format_json(result.findings),
        format_github(result.findings),
    ):
        out.encode("utf-8")
    if render and result.ok:
        for ls in result.specs:
            files = render_spec(ls, "spec.yaml")
            assert files and all(isinstance(v, bytes) for v in files.values())
    return _exit_code(result.findings)


def _write(folder: Path, name: str, raw: bytes) -> Path:
    path = folder / name
    path.write_bytes(raw)
    return path


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder for one generated spec at a time, with the example policy documents beside it."""
    if POLICY_DIR is not None:
        shutil.copytree(POLICY_DIR, tmp_path / "policies")
    return tmp_path


# --- arbitrary values --------------------------------------------------------------------------

SPEC_KEYS = [
    "version",
    "name",
    "description",
    "region",
    "partition",
    "terraform",
    "tags",
    "network",
    "vpc",
    "subnet_groups",
    "route_table_groups",
    "security_groups",
    "ingress",
    "defaults",
    "interface",
    "endpoints",
    "type",
    "service",
    "service_name",
    "policy",
    "preset",
    "file",
    "ids",
    "from",
    "port",
    "suppress",
    "endpoint_services",
    "private_dns",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(
        ["interface", "gateway", "vpc", "eu-west-1", "aws", "s3", "1", "yes", "policies/x.json"]
    )
)
keys = st.sampled_from(SPEC_KEYS) | st.text(max_size=12)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(keys, children, max_size=6),
    max_leaves=40,
)
spec_like = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1, 1, 2, "1", None])},
    optional={k: values for k in SPEC_KEYS[1:12]},
)


def _yaml_dump(data: Any, flow: bool | None) -> bytes:
    return yaml.safe_dump(
        data, allow_unicode=True, default_flow_style=flow, sort_keys=False
    ).encode("utf-8", errors="surrogatepass")


@_settings(200)
@given(data=values | spec_like, flow=st.sampled_from([None, False, True]))
def test_fuzz_arbitrary_yaml_values(work: Path, data: Any, flow: bool | None) -> None:
    try:
        raw = _yaml_dump(data, flow)
    except (yaml.YAMLError, ValueError):
        return  # not representable (e.g. a lone surrogate); nothing to test
    assert check_validate(_write(work, "spec.yaml", raw), raw) in (0, 1)


@_settings(200)
@given(data=values | spec_like, indent=st.sampled_from([None, 0, 2]), ascii_=st.booleans())
def test_fuzz_arbitrary_json_values(
    work: Path, data: Any, indent: int | None, ascii_: bool
) -> None:
    raw = json.dumps(data, indent=indent, ensure_ascii=ascii_).encode("utf-8", "surrogatepass")
    assert check_validate(_write(work, "spec.json", raw), raw) in (0, 1)


any_bytes = st.binary(max_size=400) | st.text(max_size=200).map(
    lambda t: t.encode("utf-8", "surrogatepass")
)


@_settings(150)
@given(raw=any_bytes, suffix=st.sampled_from([".yaml", ".json"]))
def test_fuzz_arbitrary_bytes(work: Path, raw: bytes, suffix: str) -> None:
    assert check_validate(_write(work, "spec" + suffix, raw), raw) in (0, 1)


# --- mutations of the example specs ------------------------------------------------------------

RETYPED = [
    "[]",
    "{}",
    "null",
    "~",
    "yes",
    "no",
    "on",
    "0x1F",
    "0o17",
    "017",
    "-1",
    "1e999",
    ".nan",
    "-.inf",
    '"1"',
    "'true'",
    "2024-01-01",
    "*nowhere",
    "&anchor value",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['true']",
    "!Ref Something",
    "!!str 123",
    "!!int not-a-number",
    "<<",
    "=",
    "|\n  block\n  text",
    "[a, [b, [c, {d: e}]]]",
    "{port: 443, from: vpc}",
    "9" * 500,
    "x" * 5000,
    "ünïcødé ✓ 𝄞",
    '"\\u202e\\u0000\\t"',
    "'\u200b'",
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def m_delete(text: str, r: random.Random) -> str:
    lines = _lines(text)
    del lines[r.randrange(len(lines))]
    return "\n".join(lines)


def m_duplicate(text: str, r: random.Random) -> str:
    lines = _lines(text)
    i = r.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def m_swap(text: str, r: random.Random) -> str:
    lines = _lines(text)
    i, j = r.randrange(len(lines)), r.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def m_reindent(text: str, r: random.Random) -> str:
    lines = _lines(text)
    i = r.randrange(len(lines))
    shift = r.choice([-4, -2, -1, 1, 2, 4, 8])
    lines[i] = " " * max(0, shift) + lines[i][max(0, -shift) :]
    if r.random() < 0.2:
        lines[i] = "\t" + lines[i]
    return "\n".join(lines)


def m_retype(text: str, r: random.Random) -> str:
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if re.search(r"[:-] \S", line)]
    if not candidates:
        return text
    i = r.choice(candidates)
    m = re.search(r"(:|-) \S.*$", lines[i])
    assert m is not None
    lines[i] = lines[i][: m.start()] + m.group(1) + " " + r.choice(RETYPED)
    return "\n".join(lines)


def m_rename_key(text: str, r: random.Random) -> str:
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if re.match(r"\s*[\w.-]+:", line)]
    if not candidates:
        return text
    i = r.choice(candidates)
    m = re.match(r"(\s*)([\w.-]+):", lines[i])
    assert m is not None
    key = m.group(2)
    new = r.choice(
        [key[:-1], key + "s", key.upper(), key.replace("_", "-"), "x" + key, "", "?", "<<", "1"]
    )
    lines[i] = m.group(1) + new + ":" + lines[i][m.end() :]
    return "\n".join(lines)


def m_deep(text: str, r: random.Random) -> str:
    depth = r.choice([10, 63, 65, 200, 5000])
    kind = r.choice(["flow", "block", "map"])
    if kind == "flow":
        value = "[" * depth + "]" * depth
    elif kind == "block":
        value = "\n" + "".join("  " * (k + 1) + "- \n" for k in range(min(depth, 300))) + "x"
    else:
        value = "{a: " * depth + "1" + "}" * depth
    return text + f"\nextra: {value}\n"


def m_huge_string(text: str, r: random.Random) -> str:
    size = r.choice([10_000, 500_000, 2_200_000])
    return text.replace("description: ", "description: " + "y" * size, 1)


def m_unicode(text: str, r: random.Random) -> str:
    pos = r.randrange(len(text) + 1)
    chars = "".join(r.choice("é✓𝄞\u200b\u202e\ufeff\u2028\x85\x7f\x0b\x0c\u0301") for _ in range(3))
    return text[:pos] + chars + text[pos:]


def m_crlf(text: str, r: random.Random) -> str:
    return text.replace("\n", r.choice(["\r\n", "\r"]))


def m_bom(text: str, r: random.Random) -> str:
    return "\ufeff" + text


def m_alias(text: str, r: random.Random) -> str:
    return text + "\nx-anchors:\n  a: &a [1, 2, 3]\n  b: [*a, *a, *a]\n  c: {<<: {k: v}}\n"


TEXT_MUTATIONS: list[Callable[[str, random.Random], str]] = [
    m_delete,
    m_duplicate,
    m_swap,
    m_reindent,
    m_retype,
    m_rename_key,
    m_deep,
    m_huge_string,
    m_unicode,
    m_crlf,
    m_bom,
    m_alias,
]


def b_truncate(raw: bytes, r: random.Random) -> bytes:
    return raw[: r.randrange(len(raw) + 1)]


def b_nul(raw: bytes, r: random.Random) -> bytes:
    pos = r.randrange(len(raw) + 1)
    return raw[:pos] + b"\x00" + raw[pos:]


def b_invalid_utf8(raw: bytes, r: random.Random) -> bytes:
    pos = r.randrange(len(raw) + 1)
    return raw[:pos] + r.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe9t\xe9"]) + raw[pos:]


def b_flip(raw: bytes, r: random.Random) -> bytes:
    if not raw:
        return raw
    pos = r.randrange(len(raw))
    return raw[:pos] + bytes([raw[pos] ^ (1 << r.randrange(8))]) + raw[pos + 1 :]


BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    b_truncate,
    b_nul,
    b_invalid_utf8,
    b_flip,
]


# How often each mutation is picked: mostly ones that keep the file parseable, so that the
# shape checks and the rules see the mutated values too.
WEIGHTS: dict[Callable[..., Any], int] = {
    m_delete: 8,
    m_duplicate: 5,
    m_swap: 2,
    m_reindent: 3,
    m_retype: 12,
    m_rename_key: 5,
    m_deep: 1,
    m_huge_string: 1,
    m_unicode: 3,
    m_crlf: 2,
    m_bom: 1,
    m_alias: 2,
    b_truncate: 2,
    b_nul: 1,
    b_invalid_utf8: 1,
    b_flip: 2,
}


def mutate(text: str, seed: int, count: int) -> bytes:
    """`count` random mutations of `text` (text-level first, then byte-level)."""
    r = random.Random(seed)
    ops = r.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=count)
    for op in ops:
        if op in TEXT_MUTATIONS:
            text = op(text, r)
    raw = text.encode("utf-8", errors="surrogatepass")
    for op in ops:
        if op in BYTE_MUTATIONS:
            raw = op(raw, r)
    return raw


# --- structured mutations: change the data, then write it as YAML or JSON ----------------------

EXAMPLE_DATA: dict[str, Any] = {
    name: load_text("example.yaml", text).data for name, text in EXAMPLE_TEXTS.items()
}
REPLACEMENTS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    65536,
    2**63,
    1.5,
    float("nan"),
    "",
    "x",
    "yes",
    "vpc",
    "eu-west-1",
    "0.0.0.0/0",
    "10.0.0.0/33",
    "::/0",
    "subnet-0123",
    "vpc-0123456789abcdef0",
    "arn:aws:iam::123456789012:root",
    "*",
    "../../etc/passwd",
    "/dev/zero",
    "policies/missing.json",
    "x" * 300,
    "ü✓𝄞\u202e",
    [],
    {},
    ["a"],
    [1, 2],
    {"a": 1},
    {"type": "interface"},
    {"type": "gateway", "service": "s3"},
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for elem in path:
        node = node[elem]
    return node


def mutate_data(data: Any, seed: int, count: int) -> Any:
    """`count` random edits of a copy of `data`: delete, retype, rename, copy, add."""
    r = random.Random(seed)
    data = copy.deepcopy(data)
    for _ in range(count):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = r.choice(paths)
        parent, last = _get(data, path[:-1]), path[-1]
        op = r.choice(["delete", "retype", "retype", "retype", "rename", "copy", "add"])
        if op == "delete":
            del parent[last]
        elif op == "retype":
            value = r.choice(REPLACEMENTS)
            if r.random() < 0.3:  # a value from elsewhere in the same spec
                value = copy.deepcopy(_get(data, r.choice(paths)))
            parent[last] = copy.deepcopy(value)
        elif op == "rename" and isinstance(parent, dict):
            new = r.choice([last[:-1], last + "s", last.upper(), "x-" + last, last + "_id"])
            parent[new] = parent.pop(last)
        elif op == "copy" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif op == "add" and isinstance(parent, dict):
            parent[r.choice(SPEC_KEYS)] = copy.deepcopy(r.choice(REPLACEMENTS))
    return data


@_settings(300)
@given(
    name=st.sampled_from(sorted(EXAMPLE_DATA)),
    seed=st.integers(min_value=0, max_value=2**32),
    count=st.integers(min_value=1, max_value=3),
    form=st.sampled_from(["yaml", "yaml-flow", "json"]),
)
def test_fuzz_structured_mutations(work: Path, name: str, seed: int, count: int, form: str) -> None:
    data = mutate_data(EXAMPLE_DATA[name], seed, count)
    if form == "json":
        raw = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
    else:
        raw = _yaml_dump(data, form == "yaml-flow")
    suffix = ".json" if form == "json" else ".yaml"
    assert check_validate(_write(work, "spec" + suffix, raw), raw) in (0, 1)


mutation_case = st.tuples(
    st.sampled_from(sorted(EXAMPLE_TEXTS)),
    st.integers(min_value=0, max_value=2**32),
    st.integers(min_value=1, max_value=4),
)


@_settings(300)
@given(case=mutation_case)
def test_fuzz_mutated_yaml_examples(work: Path, case: tuple[str, int, int]) -> None:
    name, seed, count = case
    raw = mutate(EXAMPLE_TEXTS[name], seed, count)
    assert check_validate(_write(work, "spec.yaml", raw), raw) in (0, 1)


@_settings(150)
@given(case=mutation_case)
def test_fuzz_mutated_json_examples(work: Path, case: tuple[str, int, int]) -> None:
    name, seed, count = case
    raw = mutate(EXAMPLE_JSON[name], seed, count)
    assert check_validate(_write(work, "spec.json", raw), raw) in (0, 1)


def test_unmutated_examples_satisfy_the_property(work: Path) -> None:
    """The oracle itself: the examples (YAML and JSON) load, locate and render."""
    codes = []
    for name, text in EXAMPLE_TEXTS.items():
        for suffix, body in ((".yaml", text), (".json", EXAMPLE_JSON[name])):
            raw = body.encode("utf-8")
            codes.append(check_validate(_write(work, f"{name}{suffix}", raw), raw))
    assert set(codes) <= {0, 1}
    assert 0 in codes, "no example validates cleanly: the render half of the property is idle"


# --- the same through the command line ---------------------------------------------------------

CLI_BATCHES = max(3, LONG // 100) if LONG else 3
CLI_BATCH_SIZE = 20


@pytest.mark.parametrize("batch", range(CLI_BATCHES))
def test_fuzz_cli_never_crashes(tmp_path: Path, batch: int) -> None:
    """A batch of mutated specs (YAML and JSON) in one folder through `vpcegen validate`."""
    r = random.Random(1000 + batch)
    folder = tmp_path / "specs"
    folder.mkdir()
    names = sorted(EXAMPLE_TEXTS)
    for i in range(CLI_BATCH_SIZE):
        name = r.choice(names)
        json_form = i % 3 == 2
        text = EXAMPLE_JSON[name] if json_form else EXAMPLE_TEXTS[name]
        raw = mutate(text, r.randrange(2**32), r.randint(1, 4))
        (folder / f"{i:02d}-{name}.{'json' if json_form else 'yaml'}").write_bytes(raw)
    fmt = ["--format", "json"] if batch % 2 else []
    proc = run_cli("validate", *fmt, str(folder))
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    if proc.returncode == 2:
        return
    assert f"{CLI_BATCH_SIZE} spec file(s) checked" in proc.stderr or fmt
    if fmt:
        doc = json.loads(proc.stdout)
        assert doc["summary"]["specs"] == CLI_BATCH_SIZE
        findings = doc["findings"]
        assert all(f["file"] and f["line"] >= 1 and f["column"] >= 1 for f in findings)
    else:  # (messages may hold line breaks from the spec: see test_input_hazards' xfail)
        located = re.compile(re.escape(str(folder)) + r"/[^:]+:\d+:\d+: (error|warning|info) ")
        starts = [line for line in proc.stdout.split("\n") if line.startswith(str(folder))]
        assert all(located.match(line) for line in starts), starts
        assert starts or proc.returncode == 0


HOSTILE = {
    "empty": b"",
    "binary": b"\x00\x01\x02",
    "dashes": b"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n" * 3,
    "long-number": b"version: 1\nname: " + b"9" * 5000 + b"\n",
    "recursive-alias": b"&a [*a]\n",
    "python-tag": b"!!python/object/apply:os.system ['true']\n",
    "bomb": b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n".encode()
        for i in range(8)
    ),
}


def test_cli_hostile_files_each_get_a_located_finding(tmp_path: Path) -> None:
    paths = []
    for name, raw in HOSTILE.items():
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(raw)
        paths.append(path)
    proc = run_cli("validate", *map(str, paths))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{len(HOSTILE)} spec file(s) checked: {len(HOSTILE)} error(s)" in proc.stderr
    for path in paths:
        assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: error SPEC00[13]: ", proc.stdout, re.M)
