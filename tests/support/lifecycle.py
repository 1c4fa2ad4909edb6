"""Day-2 tests: apply a module with the stand-in provider, change it, plan, assert the actions.

A :class:`Workspace` is a folder that keeps what lives between Terraform runs:

- ``terraform.tfstate``: Terraform's state (``-state=``; the local backend, no ``init``);
- ``world.json``: the objects "AWS" holds (:class:`tests.support.tfharness.objects.World`):
  apply writes them, refresh and import read them, data sources see them; edit it with
  :meth:`Workspace.drift` / :meth:`Workspace.add_existing` to simulate changes made outside
  Terraform.

The stand-in provider plans updates with the real provider's replacement rules (the vendored
table ``tests/fixtures/provider-replacement/replacement.json``), so the planned actions are
the ones the real provider would produce for the arguments we emit.

Writing a day-2 test::

    ws = Workspace(tmp_path / "ws", data_fixture=inputs.fixture())
    v1 = generate(spec_v1, tmp_path / "v1")          # or any module / composition root
    ws.apply(v1, variables=inputs.variables)          # create everything, keep state
    v2 = generate(spec_v2, tmp_path / "v2")          # the changed spec
    plan = ws.plan(v2, variables=inputs.variables)    # terraform plan + show -json
    assert plan.actions["aws_vpc_endpoint.s3"] == ["update"]
    assert plan.actions["aws_vpc_endpoint.ssm"] == ["delete", "create"]   # replaced
    assert plan.actions["aws_security_group.x"] == ["create", "delete"]   # create_before_destroy
    assert plan.changes() == {...}                    # every address that is not a no-op

Actions are Terraform's (``terraform show -json``): ``["no-op"]``, ``["create"]``,
``["update"]``, ``["delete"]``, ``["delete", "create"]`` (replace) and ``["create", "delete"]``
(replace with create_before_destroy). ``Plan.replace_paths`` names the arguments that force
each replacement. Data sources are not listed.

Apply fixtures (``apply_fixture``) set what apply returns, in the data fixture's format keyed
by resource type: ``{"aws_vpc_endpoint": [{"match": {"service_name": "..."}, "values":
{"state": "pendingAcceptance"}}]}`` (endpoints are ``available`` otherwise).

Every function raises ``RuntimeError`` without Terraform; tests skip first with
``requires_terraform`` (:data:`SKIP_REASON`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.paths import ROOT
from tests.support.tfharness.objects import World
from tests.support.tfharness.provider import load_provider_schema, validate_fixture
from tests.support.tfharness.runner import (
    TERRAFORM,
    TfResult,
    TfSession,
    terraform_available,
    terraform_session,
)

__all__ = [
    "SKIP_REASON",
    "Plan",
    "TerraformFailed",
    "Workspace",
    "apply",
    "generate",
    "plan_actions",
]

SKIP_REASON = (
    f"terraform not found (TFHARNESS_TERRAFORM or PATH gave {TERRAFORM!r}): "
    "lifecycle tests need Terraform >= 1.5"
)


class TerraformFailed(AssertionError):
    """A Terraform command the test expected to succeed failed; the message holds its output."""

    def __init__(self, what: str, result: TfResult) -> None:
        super().__init__(f"{what} failed (exit {result.returncode}):\n{result.output}")
        self.result = result


@dataclass
class Plan:
    """A saved plan, read back with ``terraform show -json``."""

    result: TfResult
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result.ok

    def _managed(self) -> list[dict[str, Any]]:
        return [
            change
            for change in self.raw.get("resource_changes", [])
            if change.get("mode") == "managed" and not change.get("deposed")
        ]

    @property
    def actions(self) -> dict[str, list[str]]:
        """Address -> planned actions, for every managed resource instance."""
        return {c["address"]: list(c["change"]["actions"]) for c in self._managed()}

    @property
    def replace_paths(self) -> dict[str, list[list[Any]]]:
        """Address -> the attribute paths that force its replacement."""
        return {
            c["address"]: c["change"].get("replace_paths", [])
            for c in self._managed()
            if c["change"].get("replace_paths")
        }

    @property
    def importing(self) -> dict[str, str]:
        """Address -> import ID, for resources the plan imports."""
        return {
            c["address"]: c["change"]["importing"].get("id", "")
            for c in self._managed()
            if c["change"].get("importing")
        }

    def changes(self) -> dict[str, list[str]]:
        """The addresses whose action is not a no-op."""
        return {address: a for address, a in self.actions.items() if a != ["no-op"]}

    def after(self, address: str) -> dict[str, Any]:
        """The planned values of one resource (unknowns absent; see ``after_unknown``)."""
        for change in self._managed():
            if change["address"] == address:
                after: dict[str, Any] = change["change"].get("after") or {}
                return after
        raise KeyError(address)


class Workspace:
    """State and world kept in ``state_dir`` between Terraform runs (see the module docstring)."""

    def __init__(
        self,
        state_dir: Path,
        *,
        data_fixture: Mapping[str, object] | None = None,
        apply_fixture: Mapping[str, object] | None = None,
        timeout: float = 180,
    ) -> None:
        self.dir = Path(state_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.state_path = self.dir / "terraform.tfstate"
        self.world = World(self.dir / "world.json")
        self.data_fixture = dict(data_fixture or {})
        self.apply_fixture = dict(apply_fixture or {})
        self.timeout = timeout
        schema = load_provider_schema()
        if self.data_fixture:
            validate_fixture(self.data_fixture, schema["data_source_schemas"])
        if self.apply_fixture:
            validate_fixture(
                self.apply_fixture,
                schema["resource_schemas"],
                label="apply_fixture",
                kind_name="resource",
            )

    # Terraform runs ---------------------------------------------------------------------

    def _session(self) -> AbstractContextManager[TfSession]:
        env = {"TFHARNESS_WORLD": str(self.world.path)}
        if self.apply_fixture:
            path = self.dir / "apply-fixture.json"
            path.write_text(json.dumps(self.apply_fixture), encoding="utf-8")
            env["TFHARNESS_APPLY_FIXTURE"] = str(path)
        return terraform_session(data_fixture=self.data_fixture, provider_env=env)

    def _common(self, work: Path, variables: Mapping[str, object] | None) -> list[str]:
        var_file = work / "variables.tfvars.json"
        var_file.write_text(json.dumps(dict(variables or {})), encoding="utf-8")
        return [
            "-no-color",
            "-input=false",
            "-lock=false",
            f"-state={self.state_path}",
            f"-var-file={var_file}",
        ]

    def apply(
        self,
        module_dir: Path,
        variables: Mapping[str, object] | None = None,
        *,
        check: bool = True,
    ) -> TfResult:
        """``terraform apply -auto-approve`` of ``module_dir`` (a root module) into this state.

        With ``check`` (the default) a failed apply raises :class:`TerraformFailed`.
        """
        _require_terraform()
        module = Path(module_dir).resolve()
        with self._session() as session:
            args = ["apply", "-auto-approve", *self._common(session.work, variables)]
            result = session.run(module, args, self.timeout)
        if check and not result.ok:
            raise TerraformFailed(f"terraform apply of {module}", result)
        return result

    def plan(
        self,
        module_dir: Path,
        variables: Mapping[str, object] | None = None,
        *,
        refresh: bool = True,
        check: bool = True,
    ) -> Plan:
        """``terraform plan -out`` against this state, read back with ``show -json``.

        With ``check`` (the default) a failed plan raises :class:`TerraformFailed`; without,
        a failed plan comes back with an empty ``raw`` and the output in ``result``.
        """
        _require_terraform()
        module = Path(module_dir).resolve()
        with self._session() as session:
            plan_file = session.work / "tfplan"
            args = ["plan", *self._common(session.work, variables), f"-out={plan_file}"]
            if not refresh:
                args.append("-refresh=false")
            result = session.run(module, args, self.timeout)
            if not result.ok:
                if check:
                    raise TerraformFailed(f"terraform plan of {module}", result)
                return Plan(result=result)
            shown = session.run(module, ["show", "-json", "-no-color", str(plan_file)], 60)
        if not shown.ok:
            raise TerraformFailed("terraform show -json of the saved plan", shown)
        return Plan(result=result, raw=json.loads(shown.stdout))

    # State and world --------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The state file as JSON ({} before the first apply)."""
        if not self.state_path.exists():
            return {}
        state: dict[str, Any] = json.loads(self.state_path.read_text(encoding="utf-8"))
        return state

    def resource(self, address: str) -> dict[str, Any]:
        """The attributes of one resource instance in the state, by its address."""
        for res in self.state().get("resources", []):
            if res.get("mode") != "managed":
                continue
            prefix = f"{res['module']}." if res.get("module") else ""
            base = f"{prefix}{res['type']}.{res['name']}"
            for instance in res.get("instances", []):
                key = instance.get("index_key")
                suffix = "" if key is None else f"[{json.dumps(key)}]"
                if f"{base}{suffix}" == address:
                    attributes: dict[str, Any] = instance["attributes"]
                    return attributes
        raise KeyError(f"{address} is not in the state")

    def addresses(self) -> list[str]:
        """Every managed resource instance in the state."""
        out = []
        for res in self.state().get("resources", []):
            if res.get("mode") != "managed":
                continue
            prefix = f"{res['module']}." if res.get("module") else ""
            for instance in res.get("instances", []):
                key = instance.get("index_key")
                suffix = "" if key is None else f"[{json.dumps(key)}]"
                out.append(f"{prefix}{res['type']}.{res['name']}{suffix}")
        return sorted(out)

    def drift(self, address: str, values: Mapping[str, Any]) -> None:
        """Change the object behind ``address`` outside Terraform (the next refresh sees it)."""
        type_name = address.split("[")[0].split(".")[-2]
        attributes = self.resource(address)
        key = attributes.get("id") or attributes.get("service_id")
        self.world.update(type_name, str(key), values)

    def delete_outside(self, address: str) -> None:
        """Delete the object behind ``address`` outside Terraform."""
        type_name = address.split("[")[0].split(".")[-2]
        attributes = self.resource(address)
        self.world.delete(type_name, str(attributes.get("id") or attributes.get("service_id")))

    def add_existing(self, type_name: str, key: str, attributes: Mapping[str, Any]) -> None:
        """Declare an object that exists without Terraform (to ``import`` it)."""
        self.world.put(type_name, key, dict(attributes))

    def forget_state(self) -> None:
        """Drop the state, keeping the world: everything exists but nothing is managed."""
        for path in (self.state_path, self.state_path.with_name("terraform.tfstate.backup")):
            path.unlink(missing_ok=True)


def _require_terraform() -> None:
    if not terraform_available():
        raise RuntimeError(SKIP_REASON)


# ------------------------------------------------------------------------------------------
# Convenience functions


def apply(
    module_dir: Path,
    state_dir: Path,
    variables: Mapping[str, object] | None = None,
    **workspace_options: Any,
) -> TfResult:
    """Apply ``module_dir`` keeping state and world in ``state_dir`` (see :class:`Workspace`)."""
    return Workspace(state_dir, **workspace_options).apply(module_dir, variables)


def plan_actions(
    module_dir: Path,
    state_dir: Path,
    variables: Mapping[str, object] | None = None,
    **workspace_options: Any,
) -> dict[str, list[str]]:
    """Address -> planned actions of ``module_dir`` against the state in ``state_dir``."""
    return Workspace(state_dir, **workspace_options).plan(module_dir, variables).actions


def generate(spec: Path, out_dir: Path) -> Path:
    """``vpcegen generate spec --out out_dir``; returns the module folder it wrote.

    Policy files next to the spec are copied along so relative references keep working.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    before = {p for p in out_dir.iterdir() if p.is_dir()}
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(
            f"vpcegen generate {spec} failed:\n{completed.stdout}\n{completed.stderr}"
        )
    made = sorted({p for p in out_dir.iterdir() if p.is_dir()} - before) or sorted(
        p for p in out_dir.iterdir() if p.is_dir()
    )
    if len(made) != 1:
        raise AssertionError(f"expected one module folder in {out_dir}, found {made}")
    return made[0]


def copy_module(module_dir: Path, dest: Path) -> Path:
    """A copy of a module folder (to edit it for a test without touching the original)."""
    shutil.copytree(module_dir, dest)
    return dest
