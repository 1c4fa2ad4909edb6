"""Run real ``terraform validate`` / ``terraform plan`` offline against a stand-in AWS provider.

``run_terraform(module_dir, "validate" | "plan", variables=..., data_fixture=...)`` runs the
Terraform CLI on ``module_dir`` with a per-run temporary CLI configuration whose
``dev_overrides`` point ``hashicorp/aws`` at the stand-in provider in :mod:`.provider`. That
provider serves the vendored real provider schema, so Terraform core itself rejects unknown
arguments, missing required arguments, wrong types, bad block counts and dangling references,
and ``plan`` evaluates variable validations, preconditions and postconditions. Nothing is
downloaded, nothing reaches AWS, ``terraform init`` is not run, and nothing is written inside
``module_dir`` (data dir, plugin, fixture and variable files live in a temporary folder; a
plan with ``-lock=false`` writes no state). Plans start from empty state: every resource is
planned for creation. A module folder holding a ``terraform.tfstate`` is refused, as a plan
would read it.

The module needs no ``provider "aws"`` block (the provider configuration is all optional);
one with ``region = ...`` is fine and sets the region the data sources report.

``variables`` (plan only) are passed through a temporary ``.tfvars.json`` file, so give them
as JSON-compatible Python values. ``validate`` ignores them, as Terraform does.

Data source fixture
-------------------
``data_fixture`` says what data sources return during ``plan``::

    {
        "<data source type>": [
            {"match": {"<attr>": <value>, ...}, "values": {"<attr>": <value>, ...}},
            ...
        ],
        ...
    }

For each read of a data source of that type, the first entry whose ``match`` items all equal
the configured arguments (as Terraform sent them; ``{}`` or no ``match`` matches every read)
supplies ``values``. The answer is then built as:

1. configured (non-null) arguments, unchanged; they win over fixture values;
2. the matched entry's ``values`` for attributes still null;
3. every remaining computed attribute filled with a known value: the plausible defaults below
   for common data sources, otherwise strings ``"stub-<attr>"`` (``region`` attributes get the
   provider region), numbers ``0``, bools ``false`` except ``enable_dns_support`` and
   ``enable_dns_hostnames`` (``true``), lists, sets and maps empty, objects filled likewise;
   omitted nested blocks are empty.

Fixture keys and attribute names are checked against the schema and values against the
attribute types (``ValueError`` before Terraform runs if wrong). Values convert the way
Terraform converts them, and object elements may leave attributes out (they become null).

Plausible defaults (region ``R`` is the provider's ``region`` if configured, else
``eu-west-1``; ``Z`` its AZ-id prefix, e.g. ``euw1``):

- ``aws_region``: ``region``/``name``/``id`` ``R``, ``endpoint`` ``ec2.R.amazonaws.com``.
- ``aws_partition``: ``partition`` ``aws``, ``dns_suffix`` ``amazonaws.com``,
  ``reverse_dns_prefix`` ``com.amazonaws``.
- ``aws_caller_identity``: ``account_id`` ``123456789012``, an IAM user ``arn``.
- ``aws_availability_zones``: ``names`` ``Ra``/``Rb``/``Rc``, ``zone_ids`` ``Z-az1..3``.
- ``aws_vpc``: ``id`` ``vpc-0stub0000000000001``, ``cidr_block`` ``10.0.0.0/16``,
  ``cidr_block_associations`` one entry for the (possibly fixture-given) ``cidr_block``,
  ``ipv6_cidr_block`` ``""``, DNS support and hostnames ``true``.
- ``aws_subnet``: ``id`` ``subnet-0stub000000000001``, ``vpc_id`` as the VPC default,
  ``cidr_block`` ``10.0.1.0/24``, ``availability_zone`` ``Ra``, ``availability_zone_id``
  ``Z-az1``, ``ipv6_cidr_block`` ``""``, ``ipv6_native`` ``false``.
- ``aws_vpc_endpoint_service``: ``service_name`` ``com.amazonaws.R.<service or "stub">``,
  ``service_type`` ``Interface``, ``availability_zones`` ``Ra``/``Rb``/``Rc``,
  ``supported_ip_address_types`` ``["ipv4"]``, ``private_dns_name`` ``""``, ``service_id``
  ``vpce-svc-0stub000000000001``, ``owner`` ``amazon``; its bools (``acceptance_required``,
  ``manages_vpc_endpoints``, ``vpc_endpoint_policy_supported``) default to ``false``.
- ``aws_ec2_managed_prefix_list``: ``id`` ``pl-0stub00000000001``, ``address_family`` ``IPv4``,
  ``max_entries`` ``10``.
- ``aws_iam_policy_document``: ``json``/``minified_json`` rendered from the statements
  (roughly as the real provider does).

Environment: ``TERRAFORM`` is taken from ``$TFHARNESS_TERRAFORM`` or ``terraform`` on PATH.
If ``$TFHARNESS_RPC_LOG`` is set, the provider appends each RPC it receives to that file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from .provider import load_provider_schema, validate_fixture

__all__ = [
    "TERRAFORM",
    "TfResult",
    "TfSession",
    "run_terraform",
    "terraform_available",
    "terraform_session",
]

TERRAFORM: str | None = os.environ.get("TFHARNESS_TERRAFORM") or shutil.which("terraform")
"""Path of the Terraform binary, or None when there is none."""

_SUPPORT_DIR: Final = Path(__file__).resolve().parent.parent  # holds tfharness/
_PROVIDER_BINARY: Final = "terraform-provider-aws"
_MODULE_BLOCK: Final = re.compile(r'^\s*module\s+"', re.MULTILINE)
_DEV_OVERRIDES_SUMMARY: Final = "Warning: Provider development overrides are in effect"
# Terraform environment that would change what a run does; the harness controls all of it.
_SCRUBBED_ENV_PREFIXES: Final = (
    "TF_CLI_ARGS",
    "TF_VAR_",
    "TF_WORKSPACE",
    "TF_PLUGIN_CACHE",
    "TF_REATTACH_PROVIDERS",
    "TF_DISABLE_PLUGIN_TLS",
    "TF_PLUGIN_MAGIC_COOKIE",
    "PLUGIN_",
)


def terraform_available() -> bool:
    """Whether a Terraform binary was found."""
    return TERRAFORM is not None and os.access(TERRAFORM, os.X_OK)


@dataclass(frozen=True)
class TfResult:
    """Outcome of one Terraform command, with the dev_overrides warning filtered out."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def output(self) -> str:
        """stdout and stderr together, for assertions about messages."""
        return f"{self.stdout}\n{self.stderr}"


def _filter_dev_overrides_warning(text: str) -> str:
    """Drop Terraform's "Provider development overrides are in effect" warning block.

    The block is the summary line and three paragraphs, the last ending in "releases.";
    with colour the lines are boxed in "╷ │ ╵". If the end is not found nothing is dropped.
    """
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        if _DEV_OVERRIDES_SUMMARY not in lines[index]:
            kept.append(lines[index])
            index += 1
            continue
        end = _end_of_dev_overrides_block(lines, index)
        if end is None:
            kept.extend(lines[index:])
            break
        if kept and kept[-1].strip() == "╷":
            kept.pop()
        index = end
        while index < len(lines) and lines[index].strip() in ("", "╵"):
            index += 1
    while kept and not kept[0].strip():
        kept.pop(0)
    return "".join(kept)


def _end_of_dev_overrides_block(lines: list[str], start: int) -> int | None:
    seen_last_paragraph = False
    for index in range(start + 1, len(lines)):
        line = lines[index].strip().lstrip("│").strip()
        if line.startswith("The behavior may therefore not match"):
            seen_last_paragraph = True
        if seen_last_paragraph and line.endswith("releases."):
            return index + 1
    return None


def _write_launcher(plugin_dir: Path, provider_env: Mapping[str, str]) -> None:
    exports = [
        f"PYTHONPATH={shlex.quote(str(_SUPPORT_DIR))}${{PYTHONPATH:+:$PYTHONPATH}}",
        "PYTHONDONTWRITEBYTECODE=1",
    ]
    exports += [f"{key}={shlex.quote(value)}" for key, value in sorted(provider_env.items())]
    launcher = plugin_dir / _PROVIDER_BINARY
    launcher.write_text(
        "#!/bin/sh\n"
        "# Written by tests/support/tfharness/runner.py: starts the stand-in AWS provider.\n"
        + "".join(f"export {export}\n" for export in exports)
        + f'exec {shlex.quote(sys.executable)} -m tfharness.provider "$@"\n',
        encoding="utf-8",
    )
    launcher.chmod(0o700)


def _write_cli_config(path: Path, plugin_dir: Path) -> None:
    path.write_text(
        "disable_checkpoint = true\n"
        "provider_installation {\n"
        "  dev_overrides {\n"
        f'    "hashicorp/aws" = {json.dumps(str(plugin_dir))}\n'
        "  }\n"
        "  direct {}\n"
        "}\n",
        encoding="utf-8",
    )


def _environment(cli_config: Path, data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_SCRUBBED_ENV_PREFIXES)
    }
    env.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_DATA_DIR=str(data_dir),
        CHECKPOINT_DISABLE="1",
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
    )
    return env


def _run(
    args: list[str], env: Mapping[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run Terraform in its own process group so no provider outlives it."""
    with subprocess.Popen(
        args,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid)
            process.communicate()
            raise TimeoutError(
                f"terraform timed out after {timeout}s: {shlex.join(args)}"
            ) from None
        _reap_group(process.pid)
        return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _reap_group(pgid: int) -> None:
    """Terraform waits for its providers on exit; end any straggler of our group anyway."""
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)
    _kill_group(pgid)


@dataclass(frozen=True)
class TfSession:
    """A temporary Terraform setup: CLI config with dev_overrides, data dir, launcher."""

    work: Path
    env: Mapping[str, str]

    def run(self, module: Path, args: list[str], timeout: float) -> TfResult:
        """``terraform -chdir=<module> <args>`` (``terraform get`` first for child modules)."""
        if TERRAFORM is None or not terraform_available():
            raise RuntimeError(f"no usable terraform binary (TERRAFORM={TERRAFORM!r})")
        base = [TERRAFORM, f"-chdir={module}"]
        if has_module_calls(module):
            fetched = _run([*base, "get", "-no-color"], self.env, timeout)
            if fetched.returncode != 0:
                return _result(fetched)
        return _result(_run([*base, *args], self.env, timeout))


def has_module_calls(module: Path) -> bool:
    return bool(
        _MODULE_BLOCK.search("".join(p.read_text(errors="replace") for p in module.glob("*.tf")))
    )


@contextlib.contextmanager
def terraform_session(
    *,
    data_fixture: Mapping[str, object] | None = None,
    provider_env: Mapping[str, str] | None = None,
) -> Iterator[TfSession]:
    """A :class:`TfSession` in a temporary folder, removed afterwards.

    ``provider_env`` is exported to the stand-in provider (``TFHARNESS_WORLD`` and friends,
    see :mod:`.provider`).
    """
    if data_fixture:
        validate_fixture(data_fixture, load_provider_schema()["data_source_schemas"])
    with tempfile.TemporaryDirectory(prefix="tfharness-run-") as scratch:
        work = Path(scratch)
        plugin_dir = work / "plugins"
        plugin_dir.mkdir()
        exports = dict(provider_env or {})
        if data_fixture:
            fixture_path = work / "data-fixture.json"
            fixture_path.write_text(json.dumps(data_fixture), encoding="utf-8")
            exports["TFHARNESS_DATA_FIXTURE"] = str(fixture_path)
        _write_launcher(plugin_dir, exports)
        cli_config = work / "terraform.rc"
        _write_cli_config(cli_config, plugin_dir)
        yield TfSession(work=work, env=_environment(cli_config, work / "data-dir"))


def run_terraform(
    module_dir: Path,
    command: Literal["validate", "plan"],
    *,
    variables: Mapping[str, object] | None = None,
    data_fixture: Mapping[str, object] | None = None,
    timeout: float = 120,
) -> TfResult:
    """Run ``terraform validate`` or ``terraform plan -refresh=false`` on ``module_dir``.

    See the module docstring for the data fixture format. Raises ``RuntimeError`` without
    Terraform, ``ValueError`` for a bad fixture and ``TimeoutError`` when Terraform overruns.
    """
    if command not in ("validate", "plan"):
        raise ValueError(f"command must be 'validate' or 'plan', not {command!r}")
    module = Path(module_dir).resolve()
    if not module.is_dir():
        raise ValueError(f"module_dir {module} is not a directory")
    if (module / "terraform.tfstate").exists():
        raise ValueError(f"{module} holds a terraform.tfstate; the harness plans from empty state")
    if data_fixture:
        validate_fixture(data_fixture, load_provider_schema()["data_source_schemas"])
    if TERRAFORM is None or not terraform_available():
        raise RuntimeError(f"no usable terraform binary (TERRAFORM={TERRAFORM!r})")

    with terraform_session(data_fixture=data_fixture) as session:
        module = _with_alias_providers(module, session.work)
        if command == "validate":
            return session.run(module, ["validate", "-no-color"], timeout)
        var_file = session.work / "variables.tfvars.json"
        var_file.write_text(json.dumps(dict(variables or {})), encoding="utf-8")
        args = [
            "plan",
            "-no-color",
            "-input=false",
            "-refresh=false",
            "-lock=false",
            f"-var-file={var_file}",
        ]
        return session.run(module, args, timeout)


def _with_alias_providers(module: Path, work: Path) -> Path:
    """A module that declares `configuration_aliases` (spokes in other accounts) cannot be a
    root module as it is: Terraform wants a configuration for each alias. Such a module is
    copied into the session folder with one empty `provider "aws" { alias = ... }` block per
    alias, so its resources keep their root addresses; any other module runs where it is."""
    text = "".join(p.read_text(errors="replace") for p in sorted(module.glob("*.tf")))
    found = re.search(r"configuration_aliases\s*=\s*\[([^\]]*)\]", text)
    if not found:
        return module
    copy = work / "aliased" / module.name
    shutil.copytree(module, copy, ignore=shutil.ignore_patterns(".terraform*"))
    blocks = [
        f'provider "aws" {{\n  alias = "{alias}"\n}}\n'
        for alias in re.findall(r"aws\.([A-Za-z0-9_-]+)", found.group(1))
    ]
    (copy / "zz_test_alias_providers.tf").write_text("\n".join(blocks), encoding="utf-8")
    return copy


def _result(completed: subprocess.CompletedProcess[str]) -> TfResult:
    return TfResult(
        returncode=completed.returncode,
        stdout=_filter_dev_overrides_warning(completed.stdout),
        stderr=_filter_dev_overrides_warning(completed.stderr),
    )
