"""Day-2 plans of generated modules: apply spec v1, regenerate, plan, assert the actions.

These use the lifecycle harness (tests/support/lifecycle.py) on a real output example, so
they exercise the renderer's output together with the provider's replacement rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loader.load import load_spec
from tests.support import hcl, plan_inputs
from tests.support.lifecycle import SKIP_REASON, Workspace, generate
from tests.support.tfharness.runner import terraform_available

pytestmark = pytest.mark.skipif(not terraform_available(), reason=SKIP_REASON)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / "output-examples" / "shared-services"


def _inputs(spec: Path) -> plan_inputs.PlanInputs:
    loaded = load_spec(str(spec), spec)
    assert loaded.spec is not None, [str(f) for f in loaded.findings]
    return plan_inputs.from_spec(loaded.spec)


def _addresses(module: Path) -> set[str]:
    return {
        ".".join(block.labels)
        for root in hcl.parse_module_blocks(module).values()
        for block in root.blocks_of("resource")
    }


@pytest.fixture
def applied_shared(tmp_path: Path) -> tuple[Workspace, plan_inputs.PlanInputs]:
    inputs = _inputs(SHARED / "spec.yaml")
    ws = Workspace(tmp_path / "ws", data_fixture=inputs.fixture())
    ws.apply(SHARED, inputs.variables)
    return ws, inputs


def test_regenerated_unchanged_spec_is_all_no_op(
    applied_shared: tuple[Workspace, plan_inputs.PlanInputs], tmp_path: Path
) -> None:
    ws, inputs = applied_shared
    applied = {a.split("[")[0] for a in ws.addresses()}
    assert applied == _addresses(SHARED)
    module = generate(SHARED / "spec.yaml", tmp_path / "regenerated")
    plan = ws.plan(module, inputs.variables)
    assert plan.actions, plan.result.output
    assert set(plan.actions) == set(ws.addresses())
    assert plan.changes() == {}


def test_spec_tag_change_updates_in_place(
    applied_shared: tuple[Workspace, plan_inputs.PlanInputs], tmp_path: Path
) -> None:
    ws, inputs = applied_shared
    spec_v2 = tmp_path / "v2" / "spec.yaml"
    spec_v2.parent.mkdir()
    text = (SHARED / "spec.yaml").read_text(encoding="utf-8")
    assert "  CostCenter: network\n" in text
    spec_v2.write_text(text.replace("  CostCenter: network\n", "  CostCenter: platform\n", 1))
    module = generate(spec_v2, tmp_path / "out")
    plan = ws.plan(module, inputs.variables)
    changes = plan.changes()
    assert changes, "a tag change must change something"
    assert set(map(tuple, changes.values())) == {("update",)}, changes
    tagged = {a for a in ws.addresses() if ws.resource(a).get("tags")}
    assert set(changes) == tagged
