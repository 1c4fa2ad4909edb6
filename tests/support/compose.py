"""Composition roots: a generated module called from a configuration that creates its network.

:func:`compose` writes a root module (into a folder the caller owns) that creates an
``aws_vpc`` (DNS support and hostnames on, an Amazon-provided IPv6 block when a subnet group
needs IPv6), one ``aws_subnet`` per required subnet (``count``, in the spec's declared AZ IDs
via ``availability_zone_id``), the ``aws_route_table``s of every route table group input and,
for load balancer inputs (``*_load_balancer_arns``), an internal ``aws_lb`` of the matching
type, then calls the module with every required input wired to those resources. Every such
value is unknown until apply, which is the point: issue 12 asks that a module plan when all
its inputs are unknown. A module without inputs is simply called.

Inputs are recognised by name: ``vpc_id``, ``<group>_subnet_ids``, ``<group>_route_table_ids``,
``<name>_load_balancer_arns``; any other input without a default is a ``ValueError``.

The spec beside the module (``spec.yaml``) supplies the region, the subnets' AZ IDs and IPv4/
IPv6 needs, and the data fixture for the IDs the module holds literally
(``tests/support/plan_inputs.py``); without a spec the module's own locals do.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.support import hcl, plan_inputs

__all__ = ["Composition", "compose", "required_inputs"]

MODULE_NAME = "under_test"


@dataclass
class Composition:
    """A written composition root."""

    root: Path
    module_dir: Path
    region: str
    inputs: dict[str, str]  # module input -> the root expression wired to it
    data_fixture: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    @property
    def module_address(self) -> str:
        return f"module.{MODULE_NAME}"


def required_inputs(module_dir: Path) -> list[str]:
    """The module's variables without a default, in file order."""
    names: list[str] = []
    for block in hcl.parse_module_blocks(Path(module_dir)).values():
        for variable in block.blocks_of("variable"):
            if "default" not in variable.attributes:
                names.append(variable.labels[0])
    return names


def _facts(module_dir: Path) -> plan_inputs.PlanInputs:
    spec_path = module_dir / "spec.yaml"
    if spec_path.exists():
        from generator.loader.load import load_spec

        loaded = load_spec(str(spec_path), spec_path)
        if loaded.spec is not None:
            return plan_inputs.from_spec(loaded.spec)
    return plan_inputs.from_module(module_dir)


def compose(module_dir: Path, root: Path) -> Composition:
    """Write the composition root for ``module_dir`` into ``root`` (created if needed)."""
    module_dir = Path(module_dir).resolve()
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    facts = _facts(module_dir)
    required = required_inputs(module_dir)
    variables_tf = "".join(p.read_text(encoding="utf-8") for p in sorted(module_dir.glob("*.tf")))

    subnet_groups = [n.removesuffix("_subnet_ids") for n in required if n.endswith("_subnet_ids")]
    needs_ipv6 = any(
        any(s.ipv6_cidr_block for s in facts.subnets.get(group, [])) for group in subnet_groups
    )
    v4 = str(facts.vpc.get("cidr_block") or "10.0.0.0/16")
    blocks: list[str] = [
        "# Composition root written by tests/support/compose.py: the network is created here,\n"
        "# so every module input is unknown until apply.\n",
        'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n'
        "    }\n  }\n}\n",
        f'provider "aws" {{\n  region = {json.dumps(facts.region)}\n}}\n',
    ]
    inputs: dict[str, str] = {}
    aliases = plan_inputs.provider_aliases(module_dir)
    for alias in aliases:  # spokes in other accounts (issue 15): a provider per account
        blocks.append(
            f'provider "aws" {{\n  alias  = "{alias}"\n  region = {json.dumps(facts.region)}\n}}\n'
        )
    creates_network = bool(subnet_groups) or any(
        n == "vpc_id" or n.endswith(("_route_table_ids", "_load_balancer_arns")) for n in required
    )
    if creates_network:
        ipv6 = "\n  assign_generated_ipv6_cidr_block = true" if needs_ipv6 else ""
        blocks.append(
            'resource "aws_vpc" "this" {\n'
            f"  cidr_block           = {json.dumps(v4)}\n"
            "  enable_dns_support   = true\n"
            f"  enable_dns_hostnames = true{ipv6}\n"
            "}\n"
        )
    spare = _spare_ipv4(v4)
    for index, group in enumerate(subnet_groups):
        subnets = facts.subnets.get(group) or []
        if not subnets:
            raise ValueError(f"{module_dir}: no subnet facts for input {group}_subnet_ids")
        az_ids = [s.availability_zone_id for s in subnets]
        v4_cidrs = [s.cidr_block or next(spare) if not s.ipv6_native else "" for s in subnets]
        lines = [
            f'resource "aws_subnet" "{group}" {{',
            f"  count = {len(subnets)}",
            "",
            "  vpc_id               = aws_vpc.this.id",
            f"  availability_zone_id = {json.dumps(az_ids)}[count.index]",
        ]
        if any(v4_cidrs):
            lines.append(f"  cidr_block           = {json.dumps(v4_cidrs)}[count.index]")
        if any(s.ipv6_cidr_block for s in subnets):
            lines.append(
                "  ipv6_cidr_block      = "
                f"cidrsubnet(aws_vpc.this.ipv6_cidr_block, 8, {index * 16} + count.index)"
            )
        if all(s.ipv6_native for s in subnets):
            lines.append("  ipv6_native          = true")
        blocks.append("\n".join(lines) + "\n}\n")
        inputs[f"{group}_subnet_ids"] = f"aws_subnet.{group}[*].id"
    first_subnets = f"aws_subnet.{subnet_groups[0]}[*].id" if subnet_groups else None
    for name in required:
        if name == "vpc_id":
            inputs[name] = "aws_vpc.this.id"
        elif name.endswith("_subnet_ids"):
            continue
        elif name.endswith("_route_table_ids"):
            group = name.removesuffix("_route_table_ids")
            blocks.append(
                f'resource "aws_route_table" "{group}" {{\n  vpc_id = aws_vpc.this.id\n}}\n'
            )
            keyed = re.search(rf'variable "{name}" {{[^}}]*type\s*=\s*map', variables_tf)
            table = f"aws_route_table.{group}.id"
            inputs[name] = f"{{ a = {table} }}" if keyed else f"[{table}]"
        elif name == "spoke_vpc_ids":
            entries = []
            for spoke in plan_inputs.spoke_names(variables_tf):
                ident = re.sub(r"[^a-z0-9_]", "_", spoke.lower())
                blocks.append(
                    f'resource "aws_vpc" "spoke_{ident}" {{\n'
                    f'  cidr_block           = "10.{200 + len(entries)}.0.0/16"\n'
                    "  enable_dns_support   = true\n"
                    "  enable_dns_hostnames = true\n"
                    "}\n"
                )
                entries.append(f"{json.dumps(spoke)} = aws_vpc.spoke_{ident}.id")
            inputs[name] = "{ " + ", ".join(entries) + " }"
        elif name.endswith("_load_balancer_arns"):
            if first_subnets is None:
                raise ValueError(f"{module_dir}: {name} needs a subnet group input to place it")
            lb = name.removesuffix("_arns")
            kind = "gateway" if "gateway" in name else "network"
            blocks.append(
                f'resource "aws_lb" "{lb}" {{\n'
                f'  load_balancer_type = "{kind}"\n'
                "  internal           = true\n"
                f"  subnets            = {first_subnets}\n"
                "}\n"
            )
            inputs[name] = f"[aws_lb.{lb}.arn]"
        else:
            raise ValueError(f"{module_dir}: no resource known to feed input {name!r}")
    source = os.path.relpath(module_dir, root.resolve())
    if not source.startswith("."):
        source = f"./{source}"
    call = [f'module "{MODULE_NAME}" {{', f"  source = {json.dumps(source)}"]
    if aliases:
        passed = ", ".join(f"aws.{a} = aws.{a}" for a in aliases)
        call.append(f"  providers = {{ aws = aws, {passed} }}")
    if inputs:
        call.append("")
        width = max(len(n) for n in inputs)
        call += [f"  {name:<{width}} = {expr}" for name, expr in inputs.items()]
    blocks.append("\n".join(call) + "\n}\n")
    (root / "main.tf").write_text("\n".join(blocks), encoding="utf-8")
    return Composition(
        root=root,
        module_dir=module_dir,
        region=facts.region,
        inputs=inputs,
        data_fixture=facts.fixture(),
    )


def _spare_ipv4(vpc_cidr: str) -> Iterator[str]:
    """/24s from the top of the VPC range, for subnets the facts give no IPv4 range."""
    net = ipaddress.ip_network(vpc_cidr)
    return (str(n) for n in reversed(list(net.subnets(new_prefix=max(24, net.prefixlen)))))
