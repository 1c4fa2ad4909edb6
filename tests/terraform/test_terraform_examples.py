"""Every output example module against the real provider schema and real Terraform.

For each ``output-examples/<name>/`` (the generated module beside its ``spec.yaml``):

* schema conformance (tests/support/schema_conformance.py): every resource and data block fits the
  vendored hashicorp/aws schema; findings name ``<module>/<file>:<line>``;
* ``terraform validate`` passes, without warnings;
* ``terraform plan -refresh=false`` passes offline with input values and data-source answers
  built from the spec (tests/support/plan_inputs.py), and plans every resource block for creation.

Mutation tests prove the suite catches a broken generated file: removing a required argument
or renaming one in a copy of an example fails the conformance check and ``terraform validate``,
and a nested pytest run of this file on the mutated copy fails, naming the file and line.

``VPCEGEN_TF_EXAMPLES`` may point the suite at another folder of examples (the mutation test
uses it). The Terraform tests skip, with the reason shown in the summary, when no terraform
binary is found; the conformance tests still run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.loader.load import load_spec
from tests.support import hcl, plan_inputs
from tests.support.schema_conformance import (
    check_module,
    mutate_remove_argument,
    mutate_rename_argument,
)
from tests.support.tfharness.runner import TERRAFORM, TfResult, run_terraform, terraform_available

REPO = Path(__file__).resolve().parents[2]
EXAMPLES_ROOT = Path(os.environ.get("VPCEGEN_TF_EXAMPLES") or REPO / "output-examples")
EXAMPLES = sorted(p.parent for p in EXAMPLES_ROOT.glob("*/spec.yaml"))
EXAMPLE_IDS = [p.name for p in EXAMPLES]

# Upper bound for one terraform run on one example; real runs take one to two seconds.
MAX_SECONDS_PER_RUN = 60.0

requires_terraform = pytest.mark.skipif(
    not terraform_available(),
    reason=(
        "terraform not found: set TFHARNESS_TERRAFORM or put terraform >= 1.5 on PATH "
        f"(got {TERRAFORM!r}); validate/plan of the output examples skipped"
    ),
)

TIMINGS: dict[str, dict[str, float]] = {}


@pytest.fixture(scope="module", autouse=True)
def _timing_report(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module's tests, print how long validate and plan took per example."""
    yield
    if not TIMINGS:
        return
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    if reporter is None:
        return
    capture = plugins.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.write_line("")
        reporter.write_sep("-", "terraform seconds per output example")
        reporter.write_line(f"{'module':<28} {'validate':>9} {'plan':>9}")
        for name in sorted(TIMINGS):
            row = TIMINGS[name]
            cells = [f"{row[k]:9.2f}" if k in row else f"{'-':>9}" for k in ("validate", "plan")]
            reporter.write_line(f"{name:<28} {cells[0]} {cells[1]}")


def _timed(module: Path, command: str, run: TfResult, seconds: float) -> None:
    TIMINGS.setdefault(module.name, {})[command] = seconds
    assert seconds < MAX_SECONDS_PER_RUN, f"terraform {command} took {seconds:.1f}s"


def conformance_report(module: Path) -> str:
    """Schema conformance findings as ``<module>/<file>:<line>: <address>: <message>`` lines."""
    return "\n".join(f"{module.name}/{issue}" for issue in check_module(module))


def validate_example(module: Path) -> TfResult:
    start = time.perf_counter()
    result = run_terraform(module, "validate")
    _timed(module, "validate", result, time.perf_counter() - start)
    return result


def _inputs(module: Path) -> plan_inputs.PlanInputs:
    loaded = load_spec(str(module / "spec.yaml"), module / "spec.yaml")
    assert loaded.spec is not None, [str(f) for f in loaded.findings]
    return plan_inputs.from_spec(loaded.spec)


def _resource_addresses(module: Path) -> list[str]:
    return [
        ".".join(block.labels)
        for root in hcl.parse_module_blocks(module).values()
        for block in root.blocks_of("resource")
    ]


# --------------------------------------------------------------------------- the examples


def test_examples_are_found() -> None:
    assert EXAMPLES, f"no */spec.yaml under {EXAMPLES_ROOT}"
    for module in EXAMPLES:
        assert sorted(module.glob("*.tf")), f"{module} holds no generated .tf files"


@pytest.mark.parametrize("module", EXAMPLES, ids=EXAMPLE_IDS)
def test_schema_conformance(module: Path) -> None:
    report = conformance_report(module)
    assert report == "", f"{module} does not conform to the hashicorp/aws schema:\n{report}"


@pytest.mark.parametrize("module", EXAMPLES, ids=EXAMPLE_IDS)
def test_plan_inputs_fill_exactly_the_required_inputs(module: Path) -> None:
    """The spec-derived and module-derived inputs both fill every input without a default."""
    required = plan_inputs.required_variables(module)
    assert set(_inputs(module).variables) == required
    assert set(plan_inputs.from_module(module).variables) == required


@requires_terraform
@pytest.mark.parametrize("module", EXAMPLES, ids=EXAMPLE_IDS)
def test_terraform_validate(module: Path) -> None:
    result = validate_example(module)
    assert result.ok, f"terraform validate failed for {module}:\n{result.output}"
    assert "Warning:" not in result.output, result.output


@requires_terraform
@pytest.mark.parametrize("module", EXAMPLES, ids=EXAMPLE_IDS)
def test_terraform_plan(module: Path) -> None:
    inputs = _inputs(module)
    start = time.perf_counter()
    result = run_terraform(
        module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    _timed(module, "plan", result, time.perf_counter() - start)
    assert result.ok, f"terraform plan failed for {module}:\n{result.output}"
    assert re.search(r"Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.", result.stdout), (
        result.stdout
    )
    for address in _resource_addresses(module):
        pattern = rf"# {re.escape(address)}(\[[^\]]+\])? will be created"
        assert re.search(pattern, result.stdout), f"{address} is not planned:\n{result.stdout}"


@requires_terraform
def test_plan_from_module_inputs_alone() -> None:
    """from_module (no spec) also yields inputs that plan, here for the input-heavy example."""
    module = max(EXAMPLES, key=lambda m: len(plan_inputs.required_variables(m)))
    inputs = plan_inputs.from_module(module)
    result = run_terraform(
        module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output


# --------------------------------------------------------------------------- mutations


def _mutable_copy(tmp_path: Path) -> tuple[Path, Path, hcl.Block]:
    """A copy of the first example with an endpoints.tf, and its first aws_vpc_endpoint."""
    for module in EXAMPLES:
        endpoints = module / "endpoints.tf"
        if not endpoints.exists():
            continue
        blocks = hcl.parse_tf_blocks(endpoints).blocks_of("resource")
        endpoint = next((b for b in blocks if b.labels[0] == "aws_vpc_endpoint"), None)
        if endpoint is not None and "service_name" in endpoint.attributes:
            copy = tmp_path / "examples" / module.name
            shutil.copytree(module, copy)
            return copy, copy / "endpoints.tf", endpoint
    pytest.fail("no example has an aws_vpc_endpoint with service_name in endpoints.tf")


def test_mutation_removed_required_argument_is_reported_with_file_and_line(
    tmp_path: Path,
) -> None:
    module, path, endpoint = _mutable_copy(tmp_path)
    name = endpoint.labels[1]
    path.write_text(
        mutate_remove_argument(path.read_text(), "aws_vpc_endpoint", "vpc_id", name=name)
    )
    expected = (
        f"{module.name}/endpoints.tf:{endpoint.line}: aws_vpc_endpoint.{name}: "
        'missing required argument "vpc_id"'
    )
    assert expected in conformance_report(module).splitlines()
    if terraform_available():
        result = run_terraform(module, "validate")
        assert not result.ok
        assert "Missing required argument" in result.output
        assert f"on endpoints.tf line {endpoint.line}" in result.output, result.output


def test_mutation_renamed_argument_is_reported_with_file_and_line(tmp_path: Path) -> None:
    module, path, endpoint = _mutable_copy(tmp_path)
    name = endpoint.labels[1]
    line = endpoint.attributes["service_name"].line
    path.write_text(
        mutate_rename_argument(
            path.read_text(), "aws_vpc_endpoint", "service_name", "service_nam", name=name
        )
    )
    report = conformance_report(module)
    assert f"{module.name}/endpoints.tf:{line}: aws_vpc_endpoint.{name}: " in report, report
    assert 'unknown argument "service_nam"' in report
    if terraform_available():
        result = run_terraform(module, "validate")
        assert not result.ok
        assert "Unsupported argument" in result.output
        assert f"on endpoints.tf line {line}" in result.output, result.output


def test_mutation_fails_this_suite(tmp_path: Path) -> None:
    """Run this very file on a mutated copy: it must fail and name the file and line."""
    module, path, endpoint = _mutable_copy(tmp_path)
    name = endpoint.labels[1]
    path.write_text(
        mutate_remove_argument(path.read_text(), "aws_vpc_endpoint", "vpc_id", name=name)
    )
    env = {**os.environ, "VPCEGEN_TF_EXAMPLES": str(module.parent)}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(Path(__file__).relative_to(REPO)),
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "test_schema_conformance or test_terraform_validate",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert f"{module.name}/endpoints.tf:{endpoint.line}: aws_vpc_endpoint.{name}" in output
    if terraform_available():
        assert f"on endpoints.tf line {endpoint.line}" in output, output
