"""Issue 12, composition: every generated module plans when all its inputs are unknown.

Each output example is called from a composition root (tests/support/compose.py) that creates
the VPC, subnets (in the spec's AZ IDs), route tables and load balancers its inputs need, in
the same configuration, so every input is unknown at plan. Examples without inputs are simply
called. ``terraform plan`` must pass and plan every resource of the module for creation; no
``for_each``/``count`` may depend on a value known only after apply. Guards whose data is
unknown at plan are checked at apply, as Terraform does: the composed root is applied with the
stand-in provider (tests/support/lifecycle.py), which answers the deferred data source reads
from the objects it created, and a re-plan must then be a no-op.

Examples the current renderer cannot compose are strict xfails naming Terraform's error; they
turn into failures (XPASS, strict) once the renderer is fixed, so remove them from
``KNOWN_FAILURES`` then. The xfail only catches :class:`UnknownAtPlan`: any other failure of
those examples still fails the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.loader.load import load_spec
from tests.support import hcl, plan_inputs
from tests.support.compose import compose, required_inputs
from tests.support.lifecycle import SKIP_REASON, Workspace
from tests.support.tfharness.runner import TfResult, run_terraform, terraform_available

REPO = Path(__file__).resolve().parents[2]
EXAMPLES_ROOT = Path(os.environ.get("VPCEGEN_TF_EXAMPLES") or REPO / "output-examples")
EXAMPLES = sorted(p.parent for p in EXAMPLES_ROOT.glob("*/spec.yaml"))
FIXTURES = REPO / "tests" / "fixtures" / "compose"

pytestmark = pytest.mark.skipif(not terraform_available(), reason=SKIP_REASON)

_UNKNOWN_AT_PLAN = re.compile(
    r"Invalid (for_each|count) argument|will be known only after apply"
    r"|cannot be determined until apply"
)


class UnknownAtPlan(AssertionError):
    """The plan failed because something depends on a value known only after apply."""


# Examples that do not compose with today's renderer, with Terraform's error. Issue 12.
KNOWN_FAILURES: dict[str, str] = {}  # example name -> the Terraform error it still hits


def _params() -> list[object]:
    params = []
    for module in EXAMPLES:
        marks = []
        if module.name in KNOWN_FAILURES:
            marks.append(
                pytest.mark.xfail(
                    strict=True, raises=UnknownAtPlan, reason=KNOWN_FAILURES[module.name]
                )
            )
        params.append(pytest.param(module, id=module.name, marks=marks))
    return params


def _module_resources(module: Path) -> list[str]:
    return [
        ".".join(block.labels)
        for root in hcl.parse_module_blocks(module).values()
        for block in root.blocks_of("resource")
    ]


def _check_plan(result: TfResult, where: Path) -> None:
    if not result.ok:
        error = result.output[result.output.find("Error:") :]
        if _UNKNOWN_AT_PLAN.search(result.output):
            raise UnknownAtPlan(f"composition plan of {where} failed:\n{error[:1500]}")
        raise AssertionError(f"composition plan of {where} failed:\n{error[:3000]}")


def test_examples_are_found() -> None:
    assert EXAMPLES, f"no */spec.yaml under {EXAMPLES_ROOT}"
    assert set(KNOWN_FAILURES) <= {m.name for m in EXAMPLES}, "stale KNOWN_FAILURES entry"


@pytest.mark.parametrize("module", _params())
def test_example_plans_with_unknown_inputs(module: Path, tmp_path: Path) -> None:
    composition = compose(module, tmp_path / "root")
    assert set(composition.inputs) == set(required_inputs(module))
    result = run_terraform(composition.root, "plan", data_fixture=composition.data_fixture)
    _check_plan(result, module)
    assert re.search(r"Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.", result.stdout)
    for address in _module_resources(module):
        pattern = rf"# module\.under_test\.{re.escape(address)}(\[[^\]]+\])? will be created"
        assert re.search(pattern, result.stdout), f"{address} is not planned:\n{result.stdout}"


@pytest.mark.parametrize("module", _params())
def test_composed_example_applies_and_converges(module: Path, tmp_path: Path) -> None:
    """Apply the composed root (deferred guards run now) and re-plan: nothing to do."""
    composition = compose(module, tmp_path / "root")
    ws = Workspace(tmp_path / "ws", data_fixture=composition.data_fixture)
    first = ws.plan(composition.root, check=False)
    _check_plan(first.result, module)
    ws.apply(composition.root)
    assert ws.plan(composition.root).changes() == {}


def test_which_examples_have_inputs() -> None:
    """The composition really wires inputs for the examples that have them."""
    with_inputs = {m.name for m in EXAMPLES if required_inputs(m)}
    assert {"inputs-only", "inspection-gwlb"} <= with_inputs


# --------------------------------------------------------------------------- controls


def test_negative_control_unknown_for_each_keys_fail(tmp_path: Path) -> None:
    composition = compose(FIXTURES / "unknown-keys", tmp_path / "root")
    assert composition.inputs == {"vpc_id": "aws_vpc.this.id"}
    result = run_terraform(composition.root, "plan")
    assert not result.ok
    with pytest.raises(UnknownAtPlan, match="Invalid for_each argument"):
        _check_plan(result, FIXTURES / "unknown-keys")


def test_load_balancer_inputs_are_created_in_the_root(tmp_path: Path) -> None:
    composition = compose(FIXTURES / "load-balancer-input", tmp_path / "root")
    assert composition.inputs["orders_network_load_balancer_arns"] == (
        "[aws_lb.orders_network_load_balancer.arn]"
    )
    main = (composition.root / "main.tf").read_text()
    assert 'load_balancer_type = "network"' in main
    assert '["euw1-az1", "euw1-az3"][count.index]' in main
    result = run_terraform(composition.root, "plan")
    _check_plan(result, FIXTURES / "load-balancer-input")
    assert "# aws_lb.orders_network_load_balancer will be created" in result.stdout


def test_deferred_guard_fails_at_apply(tmp_path: Path) -> None:
    """A subnet in the wrong AZ passes plan (its data is unknown) and fails at apply."""
    composition = compose(FIXTURES / "load-balancer-input", tmp_path / "root")
    main = composition.root / "main.tf"
    main.write_text(main.read_text().replace('"euw1-az3"]', '"euw1-az2"]'))
    ws = Workspace(tmp_path / "ws")
    assert ws.plan(composition.root).ok
    result = ws.apply(composition.root, check=False)
    assert not result.ok
    assert "Resource postcondition failed" in result.output
    assert "is in euw1-az2, not euw1-az3" in result.output


def _guard_specs() -> list[str]:
    from tests.terraform.test_plan_guards import SPECS

    return sorted(SPECS)


@pytest.mark.parametrize("name", _guard_specs())
def test_guard_spec_modules_plan_with_unknown_inputs(name: str, tmp_path: Path) -> None:
    """The modules the guard tests generate (input IDs of every kind) compose too."""
    from tests.support.lifecycle import generate
    from tests.terraform.test_plan_guards import SPECS

    spec = tmp_path / "spec" / f"{name}.yaml"
    spec.parent.mkdir()
    spec.write_text(SPECS[name].lstrip(), encoding="utf-8")
    module = generate(spec, tmp_path / "out")
    composition = compose(module, tmp_path / "root")
    # Objects the spec names by literal ID (a VPC, load balancers, zones) are read at plan
    # time: their facts come from the spec; the root's new objects are read at apply time.
    loaded = load_spec(str(spec), spec)
    assert loaded.spec is not None
    fixture = {**composition.data_fixture, **plan_inputs.from_spec(loaded.spec).fixture()}
    result = run_terraform(composition.root, "plan", data_fixture=fixture)
    _check_plan(result, module)
