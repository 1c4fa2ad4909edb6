"""Spec -> frozen view model: every name, expression, default and order the templates need.

Templates only lay out what is computed here. Values that come from a spec are turned into HCL
through generator.render.hcl, never quoted by hand.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.loader.load import LoadedSpec
from generator.policy_document import resolve_policy
from generator.render import checkov, hcl
from generator.rules.base import Context
from generator.spec.models import (
    EgressRule,
    EndpointBase,
    EndpointService,
    IngressRule,
    SecurityGroup,
    Spec,
)
from generator.spec.types import PREFIX_LIST_ID, SECURITY_GROUP_ID

ENDPOINT_TYPE_NAMES = {
    "gateway": "Gateway",
    "interface": "Interface",
    "gateway-load-balancer": "GatewayLoadBalancer",
    "resource": "Resource",
    "service-network": "ServiceNetwork",
}

# The lowest hashicorp/aws release that has each feature we may emit (docs/provider-floor.md).
BASE_PROVIDER_FLOOR = (6, 0, 0)
FEATURE_FLOORS = {
    "private_dns_preference": (6, 28, 0),
}

ID_PATTERNS = {
    "vpc": ("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", "VPC ID (vpc-...)"),
    "subnet": ("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", "subnet ID (subnet-...)"),
    "rtb": ("^rtb-([0-9a-f]{8}|[0-9a-f]{17})$", "route table ID (rtb-...)"),
}


@dataclass(frozen=True)
class Check:
    """A `precondition` / `validation`: HCL condition and an error message starting with an ID."""

    condition: str
    message: str  # an HCL string literal


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    description: str
    default: str | None = None
    validations: tuple[Check, ...] = ()


@dataclass(frozen=True)
class Attr:
    name: str
    value: str  # HCL expression


@dataclass(frozen=True)
class NestedBlock:
    name: str
    attrs: tuple[Attr, ...]


@dataclass(frozen=True)
class Block:
    """A resource or data block: meta-arguments, arguments, nested blocks, lifecycle."""

    kind: str  # "resource" | "data"
    type: str
    name: str
    comment: str = ""
    meta: tuple[Attr, ...] = ()
    attrs: tuple[Attr, ...] = ()
    blocks: tuple[NestedBlock, ...] = ()
    tags: str | None = None
    depends_on: tuple[str, ...] = ()
    preconditions: tuple[Check, ...] = ()
    postconditions: tuple[Check, ...] = ()
    skips: tuple[tuple[str, str], ...] = ()  # (checkov check ID, reason): render.checkov

    @property
    def address(self) -> str:
        prefix = "data." if self.kind == "data" else ""
        return f"{prefix}{self.type}.{self.name}"


@dataclass(frozen=True)
class CheckBlock:
    """A `check` block: assertions Terraform reports as warnings without stopping the plan,
    for warning-level rules whose facts are known only at plan time."""

    name: str
    comment: str
    asserts: tuple[Check, ...]


@dataclass(frozen=True)
class Output:
    name: str
    description: str
    value: str


@dataclass(frozen=True)
class Local:
    name: str
    value: str


@dataclass(frozen=True)
class ReadmeRow:
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Module:
    name: str
    header: str
    description: str
    spec_path: str
    required_version: str
    provider_version: str
    variables: tuple[Variable, ...]
    locals: tuple[Local, ...]
    data_blocks: tuple[Block, ...]
    security_groups: tuple[Block, ...]
    endpoints: tuple[Block, ...]
    routes: tuple[Block, ...]
    endpoint_services: tuple[Block, ...]
    outputs: tuple[Output, ...]
    checks: tuple[CheckBlock, ...]
    inventory: tuple[ReadmeRow, ...]
    permissions: tuple[str, ...]
    example_inputs: tuple[Attr, ...]


def _message(rule_id: str, text: str) -> str:
    return hcl.string(f"{rule_id}: {text}")


@dataclass
class _Builder:
    loaded: LoadedSpec
    spec: Spec
    ctx: Context
    variables: dict[str, Variable] = field(default_factory=dict)
    data_blocks: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, str] = field(default_factory=dict)
    permissions: set[str] = field(default_factory=set)
    features: set[str] = field(default_factory=set)
    single_subnet_groups: set[str] = field(default_factory=set)
    checks: dict[str, CheckBlock] = field(default_factory=dict)

    # --- names and shared pieces -----------------------------------------------------------

    @property
    def vpc_id(self) -> str:
        vpc = self.spec.network.vpc
        if vpc.id is not None:
            return hcl.string(vpc.id)
        if "vpc_id" not in self.variables:
            pattern, label = ID_PATTERNS["vpc"]
            self.variables["vpc_id"] = Variable(
                name="vpc_id",
                type="string",
                description="ID of the VPC that receives the endpoints.",
                validations=(
                    Check(
                        f"can(regex({hcl.string(pattern)}, var.vpc_id))",
                        _message("SPEC003", f"vpc_id must be a {label}."),
                    ),
                ),
            )
        return "var.vpc_id"

    def name_tag(self, key: str) -> str:
        return f"{self.spec.name}-{key}"

    def tags(self, key: str, own: dict[str, str]) -> str:
        """Module tags, then a Name, then the entry's own tags (which may override Name)."""
        name = f"{{ Name = {hcl.string(self.name_tag(key))} }}"
        if not own:
            return f"merge(local.tags, {name})"
        return f"merge(\n    local.tags,\n    {name},\n    {hcl.value(dict(own), 2)},\n  )"

    def vpc_data(self) -> str:
        if "vpc" not in self.data_blocks:
            self.permissions.update({"ec2:DescribeVpcs", "ec2:DescribeVpcAttribute"})
            self.data_blocks["vpc"] = Block(
                kind="data",
                type="aws_vpc",
                name="this",
                comment="The VPC, read at plan time for its CIDR blocks and DNS attributes.",
                attrs=(Attr("id", self.vpc_id),),
            )
        return "data.aws_vpc.this"

    # --- subnet groups ---------------------------------------------------------------------

    def subnet_ids(self, group_name: str, *, exactly_one: bool = False) -> str:
        """The group's subnet IDs: a literal list, or a validated module input."""
        group = self.spec.network.subnet_groups[group_name]
        ident = hcl.identifier(group_name)
        if group.ids is not None:
            return hcl.string_list(group.ids)
        if exactly_one:
            self.single_subnet_groups.add(group_name)
        single = group_name in self.single_subnet_groups
        var = f"{ident}_subnet_ids"
        azs = group.availability_zone_ids
        pattern, label = ID_PATTERNS["subnet"]
        checks = [
            Check(
                f"alltrue([for id in var.{var} : can(regex({hcl.string(pattern)}, id))])",
                _message("SPEC003", f"every entry of {var} must be a {label}."),
            ),
            Check(
                f"length(distinct(var.{var})) == length(var.{var})",
                _message("IF001", f"{var} lists a subnet twice."),
            ),
        ]
        if azs:
            checks.append(
                Check(
                    f"length(var.{var}) == {len(azs)}",
                    _message(
                        "SPEC009",
                        f"{var} must list {len(azs)} subnet(s), one per AZ ID "
                        f"({', '.join(azs)}), in that order.",
                    ),
                )
            )
        if single:
            checks.append(
                Check(
                    f"length(var.{var}) == 1",
                    _message(
                        "GWLB001",
                        f"{var} must list exactly one subnet: a Gateway Load Balancer endpoint "
                        "takes one subnet.",
                    ),
                )
            )
        order = f" in the order of the AZ IDs {', '.join(azs)}" if azs else ""
        extra = " Exactly one subnet (Gateway Load Balancer endpoint)." if single else ""
        self.variables[var] = Variable(
            name=var,
            type="list(string)",
            description=f"IDs of the subnets of group '{group_name}'{order}, "
            f"one per Availability Zone.{extra}",
            validations=tuple(checks),
        )
        return f"var.{var}"

    def subnet_data(self, group_name: str) -> str:
        """data.aws_subnet.<group>: one read per subnet, for the plan-time guards."""
        ident = hcl.identifier(group_name)
        key = f"subnet:{group_name}"
        if key not in self.data_blocks:
            group = self.spec.network.subnet_groups[group_name]
            ids = self.subnet_ids(group_name)
            if group.ids is not None:
                self.locals[f"{ident}_subnet_ids"] = ids
                ids = f"local.{ident}_subnet_ids"
            self.permissions.add("ec2:DescribeSubnets")
            post: list[Check] = []
            if group.availability_zone_ids:
                azs_local = f"{ident}_availability_zone_ids"
                self.locals[azs_local] = hcl.string_list(group.availability_zone_ids)
                post.append(
                    Check(
                        f"self.availability_zone_id == local.{azs_local}[count.index]",
                        hcl.template(
                            "SPEC009: subnet ",
                            hcl.Interp("self.id"),
                            f" of group '{group_name}' is in AZ ",
                            hcl.Interp("self.availability_zone_id"),
                            ", but the spec declares ",
                            hcl.Interp(f"local.{azs_local}[count.index]"),
                            " at this position.",
                        ),
                    )
                )
            if group.ipv6:
                post.append(
                    Check(
                        'self.ipv6_cidr_block != ""',
                        hcl.template(
                            "IP003: subnet ",
                            hcl.Interp("self.id"),
                            f" of group '{group_name}' has no IPv6 CIDR block, but the spec "
                            "says the group has IPv6.",
                        ),
                    )
                )
            self.data_blocks[key] = Block(
                kind="data",
                type="aws_subnet",
                name=ident,
                comment=f"Subnets of group '{group_name}', read at plan time for the guards.",
                meta=(Attr("count", f"length({ids})"),),
                attrs=(Attr("id", f"{ids}[count.index]"),),
                postconditions=tuple(post),
            )
        return f"data.aws_subnet.{ident}"

    def route_table_ids(self, groups: Sequence[str]) -> str:
        literal: list[str] = []
        parts: list[str] = []
        for group_name in groups:
            group = self.spec.network.route_table_groups[group_name]
            if group.ids is not None:
                literal.extend(i for i in group.ids if i not in literal)
                continue
            if literal:
                parts.append(hcl.string_list(literal))
                literal = []
            var = f"{hcl.identifier(group_name)}_route_table_ids"
            pattern, label = ID_PATTERNS["rtb"]
            self.variables[var] = Variable(
                name=var,
                type="list(string)",
                description=f"IDs of the route tables of group '{group_name}'.",
                validations=(
                    Check(
                        f"alltrue([for id in var.{var} : can(regex({hcl.string(pattern)}, id))])",
                        _message("SPEC003", f"every entry of {var} must be a {label}."),
                    ),
                ),
            )
            parts.append(f"var.{var}")
        if literal:
            parts.append(hcl.string_list(literal))
        if len(parts) == 1:
            return parts[0]
        return "concat(" + ", ".join(parts) + ")"

    def security_group_ids(self, refs: Sequence[str]) -> str:
        items = []
        for ref in refs:
            if SECURITY_GROUP_ID.fullmatch(ref):
                items.append(hcl.string(ref))
            else:
                items.append(f"aws_security_group.{hcl.identifier(ref)}.id")
        return "[" + ", ".join(items) + "]"

    # --- security groups -------------------------------------------------------------------

    def vpc_cidrs(self) -> tuple[list[str], list[str]] | None:
        """The VPC's IPv4 and IPv6 CIDRs when the spec states them (else None: look up)."""
        cidrs = self.spec.network.vpc.cidr_blocks
        if not cidrs:
            return None
        v4 = [c for c in cidrs if ipaddress.ip_network(c).version == 4]
        v6 = [c for c in cidrs if ipaddress.ip_network(c).version == 6]
        return v4, v6

    def rule_entries(
        self, sources: str | list[str], port: int, to_port: int, protocol: str, text: str
    ) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
        """Literal rule entries keyed `proto/ports/source`, and HCL for-expressions for
        `vpc` sources looked up at plan time."""
        ports = f"{port}" if port == to_port else f"{port}-{to_port}"
        base = {"ip_protocol": protocol, "from_port": port, "to_port": to_port, "description": text}
        literal: list[tuple[str, dict[str, Any]]] = []
        lookups: list[str] = []
        if sources == "vpc":
            known = self.vpc_cidrs()
            if known is None:
                vpc = self.vpc_data()
                self.locals["vpc_ipv4_cidr_blocks"] = (
                    f"[for a in {vpc}.cidr_block_associations : a.cidr_block]"
                )
                families = [("ipv4", "vpc_ipv4_cidr_blocks")]
                if self.spec.network.vpc.ipv6:
                    self.locals["vpc_ipv6_cidr_blocks"] = f"compact([{vpc}.ipv6_cidr_block])"
                    families.append(("ipv6", "vpc_ipv6_cidr_blocks"))
                for family, local in families:
                    fields = {
                        "cidr_ipv4": "cidr" if family == "ipv4" else "null",
                        "cidr_ipv6": "cidr" if family == "ipv6" else "null",
                        "prefix_list_id": "null",
                        "referenced_security_group_id": "null",
                    }
                    body = [
                        f"description = {hcl.string(text)}",
                        f"ip_protocol = {hcl.string(protocol)}",
                        f"from_port = {port}",
                        f"to_port = {to_port}",
                        *(f"{k} = {v}" for k, v in fields.items()),
                    ]
                    lookups.append(
                        "{\n      for cidr in local."
                        + local
                        + f' : "{protocol}/{ports}/${{cidr}}" => {{\n'
                        + "".join(f"        {line}\n" for line in body)
                        + "      }\n    }"
                    )
                return literal, lookups
            sources = known[0] + known[1]
        for src in sources:
            target: dict[str, Any] = {
                "cidr_ipv4": None,
                "cidr_ipv6": None,
                "prefix_list_id": None,
                "referenced_security_group_id": None,
            }
            if SECURITY_GROUP_ID.fullmatch(src):
                target["referenced_security_group_id"] = src
            elif PREFIX_LIST_ID.fullmatch(src):
                target["prefix_list_id"] = src
            elif ipaddress.ip_network(src).version == 6:
                target["cidr_ipv6"] = src
            else:
                target["cidr_ipv4"] = src
            literal.append((f"{protocol}/{ports}/{src}", {**base, **target}))
        return literal, lookups

    def rules_expr(self, group_name: str, group: SecurityGroup, direction: str) -> str | None:
        literal: dict[str, dict[str, Any]] = {}
        lookups: list[str] = []
        rules: list[IngressRule | EgressRule] = [
            *(group.ingress if direction == "ingress" else group.egress)
        ]
        for rule in rules:
            sources = rule.from_ if isinstance(rule, IngressRule) else rule.to
            to_port = rule.to_port if rule.to_port is not None else rule.port
            default_text = (
                f"{rule.protocol.upper()} {rule.port}"
                + (f"-{to_port}" if to_port != rule.port else "")
                + (" from " if direction == "ingress" else " to ")
                + ("the VPC" if sources == "vpc" else "listed sources")
            )
            text = rule.description or default_text
            entries, more = self.rule_entries(sources, rule.port, to_port, rule.protocol, text)
            for k, v in entries:
                literal.setdefault(k, v)
            lookups.extend(more)
        if not literal and not lookups:
            return None
        ordered = {k: _ordered_rule(literal[k]) for k in sorted(literal)}
        parts = lookups + ([hcl.value(ordered, 2)] if ordered else [])
        if len(parts) == 1 and not lookups:
            return hcl.value(ordered, 1)
        return "merge(\n    " + ",\n    ".join(parts) + ",\n  )"

    def security_group_blocks(self) -> list[Block]:
        blocks: list[Block] = []
        attached: set[str] = set()
        for key, _ in self.ctx.endpoints():
            attached.update(self.ctx.value(key, "security_groups") or [])
        for name in sorted(self.spec.security_groups):
            group = self.spec.security_groups[name]
            ident = hcl.identifier(name)
            description = group.description or f"Managed by vpcegen for module {self.spec.name}"
            blocks.append(
                Block(
                    kind="resource",
                    type="aws_security_group",
                    name=ident,
                    comment=f"Security group '{name}'.",
                    attrs=(
                        Attr("name", hcl.string(self.name_tag(name))),
                        Attr("description", hcl.string(description)),
                        Attr("vpc_id", self.vpc_id),
                    ),
                    tags=self.tags(name, group.tags),
                    skips=checkov.security_group_skips(self.spec, name, name in attached),
                )
            )
            for direction in ("ingress", "egress"):
                expr = self.rules_expr(name, group, direction)
                if expr is None:
                    continue
                blocks.append(
                    Block(
                        kind="resource",
                        type=f"aws_vpc_security_group_{direction}_rule",
                        name=ident,
                        comment=f"{direction.capitalize()} rules of security group '{name}', "
                        "one per protocol, port range and source.",
                        meta=(Attr("for_each", expr),),
                        attrs=(
                            Attr("security_group_id", f"aws_security_group.{ident}.id"),
                            Attr("description", "each.value.description"),
                            Attr("ip_protocol", "each.value.ip_protocol"),
                            Attr("from_port", "each.value.from_port"),
                            Attr("to_port", "each.value.to_port"),
                            Attr("cidr_ipv4", "each.value.cidr_ipv4"),
                            Attr("cidr_ipv6", "each.value.cidr_ipv6"),
                            Attr("prefix_list_id", "each.value.prefix_list_id"),
                            Attr(
                                "referenced_security_group_id",
                                "each.value.referenced_security_group_id",
                            ),
                        ),
                        tags=self.tags(name, group.tags),
                        skips=(
                            checkov.ingress_rule_skips(self.spec, name, group)
                            if direction == "ingress"
                            else ()
                        ),
                    )
                )
        return blocks

    # --- endpoints -------------------------------------------------------------------------

    def service_name(self, ep: EndpointBase) -> str:
        if ep.service_name:
            return ep.service_name
        assert ep.service is not None
        from generator.services.catalog import load_catalog
        from generator.spec.regions import load_regions

        info = load_catalog().get(ep.service)
        region = ep.service_region or self.spec.region
        if (
            info is not None
            and info.global_name
            and ep.service_region
            and (ep.service_region != self.spec.region)
        ):
            return info.global_name
        name = load_regions().aws_service_name(region, ep.service)
        return name or f"com.amazonaws.{region}.{ep.service}"

    def endpoint_block(self, key: str, ep: EndpointBase) -> Block:
        ident = hcl.identifier(key)
        ctx = self.ctx
        attrs: list[Attr] = [
            Attr("vpc_id", self.vpc_id),
        ]
        kind = ep.type
        if ep.resource_configuration_arn:
            attrs.append(
                Attr("resource_configuration_arn", hcl.string(ep.resource_configuration_arn))
            )
        elif ep.service_network_arn:
            attrs.append(Attr("service_network_arn", hcl.string(ep.service_network_arn)))
        else:
            attrs.append(Attr("service_name", hcl.string(self.service_name(ep))))
        attrs.append(Attr("vpc_endpoint_type", hcl.string(ENDPOINT_TYPE_NAMES[kind])))
        if ep.service_region and ep.service_region != self.spec.region and kind == "interface":
            attrs.append(Attr("service_region", hcl.string(ep.service_region)))
        pre: list[Check] = []
        blocks: list[NestedBlock] = []

        if kind == "gateway":
            self.warn_vpc_dns_support()
            groups = ctx.value(key, "route_table_groups") or []
            if groups:
                attrs.append(Attr("route_table_ids", self.route_table_ids(groups)))
                pre.extend(self.shared_route_table_guards(key, ep, groups))
        subnet_group = ctx.value(key, "subnet_group") if kind != "gateway" else None
        subnets = None
        if subnet_group:
            subnets = self.subnet_ids(subnet_group, exactly_one=kind == "gateway-load-balancer")
            attrs.append(Attr("subnet_ids", subnets))
        if kind in ("interface", "resource", "service-network"):
            sgs = ctx.value(key, "security_groups") or []
            if sgs:
                attrs.append(Attr("security_group_ids", self.security_group_ids(sgs)))
            private_dns, _ = ctx.private_dns(key)
            attrs.append(Attr("private_dns_enabled", "true" if private_dns else "false"))
            if private_dns:
                vpc = self.vpc_data()
                pre.append(
                    Check(
                        f"{vpc}.enable_dns_support && {vpc}.enable_dns_hostnames",
                        _message(
                            "IF009",
                            f"private DNS on endpoint '{key}' needs the VPC attributes "
                            "enableDnsSupport and enableDnsHostnames; turn both on or set "
                            "private_dns: false.",
                        ),
                    )
                )
        ip_type = ctx.value(key, "ip_address_type")
        if ip_type:
            attrs.append(Attr("ip_address_type", hcl.string(ip_type.lower())))
        if ep.auto_accept is not None and kind == "interface":
            attrs.append(Attr("auto_accept", "true" if ep.auto_accept else "false"))
        policy_doc = None
        if kind in ("gateway", "interface"):
            _, policy_path = ctx.effective(key, "policy")
            policy_doc = resolve_policy(ctx, policy_path) if ctx.value(key, "policy") else None
            if policy_doc is not None:
                attrs.append(Attr("policy", hcl.jsonencode(policy_doc, 1)))

        dns = ctx.value(key, "dns")
        dns_attrs: list[Attr] = []
        if dns is not None:
            if dns.record_ip_type:
                dns_attrs.append(Attr("dns_record_ip_type", hcl.string(dns.record_ip_type.lower())))
            if dns.private_dns_preference:
                self.features.add("private_dns_preference")
                dns_attrs.append(
                    Attr("private_dns_preference", hcl.string(dns.private_dns_preference))
                )
            if dns.private_dns_specified_domains:
                dns_attrs.append(
                    Attr(
                        "private_dns_specified_domains",
                        hcl.string_list(dns.private_dns_specified_domains, 2),
                    )
                )
        # Sent only when the spec sets it: unset, AWS turns it on for S3 interface endpoints
        # with private DNS (S3002 makes a spec without an S3 gateway endpoint say false).
        inbound = dns.inbound_resolver_only if dns is not None else None
        if inbound is not None and kind == "interface":
            dns_attrs.append(
                Attr(
                    "private_dns_only_for_inbound_resolver_endpoint",
                    "true" if inbound else "false",
                )
            )
        if dns_attrs:
            blocks.append(NestedBlock("dns_options", tuple(dns_attrs)))

        if ep.addresses and subnet_group:
            group = self.spec.network.subnet_groups[subnet_group]
            azs = group.availability_zone_ids or []
            for az in sorted(
                ep.addresses, key=lambda a: (a not in azs, azs.index(a) if a in azs else 0, a)
            ):
                subnet, _ = self.subnet_for_az(subnet_group, az)
                addr = ep.addresses[az]
                sub_attrs = [Attr("subnet_id", subnet)]
                if addr.ipv4:
                    sub_attrs.append(Attr("ipv4", hcl.string(addr.ipv4)))
                if addr.ipv6:
                    sub_attrs.append(Attr("ipv6", hcl.string(addr.ipv6)))
                blocks.append(NestedBlock("subnet_configuration", tuple(sub_attrs)))
                pre.extend(self.address_guards(key, subnet_group, az, addr))

        # Plan-time guards that need the subnets' real attributes.
        if subnet_group and kind != "gateway":
            pre.extend(self.subnet_guards(key, ep, subnet_group, ip_type))
        if kind == "gateway-load-balancer" and ep.service_name:
            svc = self.service_data(key, ep)
            pre.append(
                Check(
                    f'{svc}.service_type == "GatewayLoadBalancer"',
                    _message(
                        "GWLB004",
                        f"{ep.service_name} is not a Gateway Load Balancer endpoint service; "
                        f"make '{key}' an interface endpoint, or point it at a GWLB service.",
                    ),
                )
            )

        depends: list[str] = []
        if kind == "interface" and ep.service == "s3" and inbound:
            for other_key, other in ctx.endpoints("gateway"):
                if ctx.service_short(other) == "s3":
                    depends.append(f"aws_vpc_endpoint.{hcl.identifier(other_key)}")
        target = (
            ep.service or ep.service_name or ep.resource_configuration_arn or ep.service_network_arn
        )
        label = kind.replace("-", " ")
        return Block(
            kind="resource",
            type="aws_vpc_endpoint",
            name=ident,
            comment=f"{key}: {label} endpoint" + (f" for {target}" if target else ""),
            attrs=tuple(attrs),
            blocks=tuple(blocks),
            tags=self.tags(key, ep.tags),
            depends_on=tuple(depends),
            preconditions=tuple(pre),
        )

    def subnet_guards(
        self, key: str, ep: EndpointBase, group_name: str, ip_type: str | None
    ) -> list[Check]:
        group = self.spec.network.subnet_groups[group_name]
        subnets = self.subnet_data(group_name)
        checks: list[Check] = []
        if ep.type != "gateway-load-balancer" and group.ids is None:
            self.warn_single_az(group_name, subnets)
        if not group.availability_zone_ids:
            checks.append(
                Check(
                    f"length(distinct({subnets}[*].availability_zone_id)) == length({subnets})",
                    _message(
                        "IF001",
                        f"endpoint '{key}' has two subnets in one Availability Zone; keep one "
                        f"subnet per AZ in group '{group_name}'.",
                    ),
                )
            )
        kind = (ip_type or "").lower()
        if kind in ("ipv4", "dualstack"):
            checks.append(
                Check(
                    f"alltrue([for s in {subnets} : !s.ipv6_native])",
                    _message(
                        "IP002" if kind == "ipv4" else "IP003",
                        f"endpoint '{key}' uses ip_address_type {kind}, but a subnet of group "
                        f"'{group_name}' is IPv6-only.",
                    ),
                )
            )
        if kind == "dualstack":
            checks.append(
                Check(
                    f'alltrue([for s in {subnets} : s.ipv6_cidr_block != ""])',
                    _message(
                        "IP003",
                        f"endpoint '{key}' is dualstack, but a subnet of group '{group_name}' "
                        "has no IPv6 CIDR block.",
                    ),
                )
            )
        if kind == "ipv6":
            checks.append(
                Check(
                    f"alltrue([for s in {subnets} : s.ipv6_native])",
                    _message(
                        "IP004",
                        f"endpoint '{key}' uses ip_address_type ipv6, which needs IPv6-only "
                        f"subnets; a subnet of group '{group_name}' has an IPv4 range.",
                    ),
                )
            )
        declared = ep.service_availability_zone_ids
        if declared:
            checks.append(
                Check(
                    f"alltrue([for s in {subnets} : contains({hcl.string_list(declared)}, "
                    "s.availability_zone_id)])",
                    _message(
                        "IF002",
                        f"a subnet of endpoint '{key}' is outside the service's Availability "
                        f"Zones ({', '.join(declared)}); choose subnets in those zones.",
                    ),
                )
            )
        same_region = not ep.service_region or ep.service_region == self.spec.region
        if (
            ep.type in ("interface", "gateway-load-balancer")
            and same_region
            and (ep.service or ep.service_name)
        ):
            svc = self.service_data(key, ep)
            checks.append(
                Check(
                    f"alltrue([for s in {subnets} : contains({svc}.availability_zones, "
                    "s.availability_zone)])",
                    _message(
                        "IF002",
                        f"a subnet of endpoint '{key}' is in an Availability Zone that "
                        f"{self.service_name(ep)} is not offered in; choose subnets in the "
                        "service's zones.",
                    ),
                )
            )
            self.warn_service_facts(key, ep, svc)
            families = {"ipv4": ["ipv4"], "dualstack": ["ipv4", "ipv6"], "ipv6": ["ipv6"]}
            rule = {"ipv4": "IP002", "dualstack": "IP003", "ipv6": "IP004"}
            for family in families.get(kind, []):
                checks.append(
                    Check(
                        f'contains({svc}.supported_ip_address_types, "{family}")',
                        _message(
                            rule[kind],
                            f"endpoint '{key}' uses ip_address_type {kind}, but "
                            f"{self.service_name(ep)} does not accept {family}.",
                        ),
                    )
                )
        return checks

    def warn_single_az(self, group_name: str, subnets: str) -> None:
        """IF004 at plan time (a warning): input subnets of a group in one AZ only. Decided at
        generate time when the group declares its AZ IDs."""
        group = self.spec.network.subnet_groups[group_name]
        if group.availability_zone_ids or "IF004" in self.spec.suppress:
            return
        zones = f"length(distinct({subnets}[*].availability_zone_id))"
        name = f"if004_{hcl.identifier(group_name)}"
        self.checks[name] = CheckBlock(
            name=name,
            comment=f"IF004: endpoints in group '{group_name}' should span two or more AZs.",
            asserts=(
                Check(
                    f"{zones} >= 2",
                    hcl.template(
                        f"IF004: the subnets of group '{group_name}' are in ",
                        hcl.Interp(zones),
                        " Availability Zone(s); use subnets in at least two for availability.",
                    ),
                ),
            ),
        )

    def warn_service_facts(self, key: str, ep: EndpointBase, svc: str) -> None:
        """IF010 and POL005 at plan time (warnings), where only AWS's answer decides them:
        private DNS on another account's service needs its (verified) private DNS name, and a
        policy on a service the catalog does not know to support policies may be ignored."""
        if ep.type != "interface":
            return
        ident = hcl.identifier(key)
        private_dns, _ = self.ctx.private_dns(key)
        if private_dns and ep.service_name and "IF010" not in self.spec.suppress:
            self.checks[f"if010_{ident}"] = CheckBlock(
                name=f"if010_{ident}",
                comment=f"IF010: private DNS on endpoint '{key}' needs the service's private "
                "DNS name.",
                asserts=(
                    Check(
                        f'{svc}.private_dns_name != ""',
                        _message(
                            "IF010",
                            f"{ep.service_name} has no (verified) private DNS name, so private "
                            f"DNS on endpoint '{key}' resolves nothing; ask the provider to "
                            "verify one, or set private_dns: false.",
                        ),
                    ),
                ),
            )
        info = self.ctx.service_info(ep)
        unknown = info is None or info.policy == "unknown"
        if self.ctx.value(key, "policy") and unknown and "POL005" not in self.spec.suppress:
            self.checks[f"pol005_{ident}"] = CheckBlock(
                name=f"pol005_{ident}",
                comment=f"POL005: the policy of endpoint '{key}' works only if the service "
                "supports endpoint policies.",
                asserts=(
                    Check(
                        f"{svc}.vpc_endpoint_policy_supported",
                        _message(
                            "POL005",
                            f"{self.service_name(ep)} does not support endpoint policies; the "
                            f"policy of endpoint '{key}' is not applied (full access).",
                        ),
                    ),
                ),
            )

    def warn_vpc_dns_support(self) -> None:
        """GW007 at plan time (a warning): gateway endpoints need the VPC's DNS resolution."""
        if self.spec.network.vpc.id is not None or "GW007" in self.spec.suppress:
            return
        vpc = self.vpc_data()
        self.checks["gw007_vpc_dns_support"] = CheckBlock(
            name="gw007_vpc_dns_support",
            comment="GW007: gateway endpoints need the VPC's DNS resolution (enableDnsSupport).",
            asserts=(
                Check(
                    f"{vpc}.enable_dns_support",
                    _message(
                        "GW007",
                        "the VPC has DNS resolution off; clients reach the gateway endpoints "
                        "only through a resolver that returns the services' public IPs.",
                    ),
                ),
            ),
        )

    def subnet_for_az(self, group_name: str, az: str) -> tuple[str, str]:
        """(subnet ID expression, data.aws_subnet expression) of the group's subnet in `az`."""
        group = self.spec.network.subnet_groups[group_name]
        azs = group.availability_zone_ids or []
        data = self.subnet_data(group_name)
        if az in azs:
            i = azs.index(az)
            subnet = hcl.string(group.ids[i]) if group.ids is not None else f"{data}[{i}].id"
            return subnet, f"{data}[{i}]"
        match = f"[for s in {data} : s if s.availability_zone_id == {hcl.string(az)}]"
        # null when no subnet is in that AZ: the IP007 precondition then explains it.
        return f"try(one({match}).id, null)", f"one({match})"

    def address_guards(self, key: str, group_name: str, az: str, addr: Any) -> list[Check]:
        """IP007/IP008 at plan time: a subnet in that AZ, and the address inside its range."""
        group = self.spec.network.subnet_groups[group_name]
        _, subnet = self.subnet_for_az(group_name, az)
        data = self.subnet_data(group_name)
        checks: list[Check] = []
        if az not in (group.availability_zone_ids or []):
            checks.append(
                Check(
                    f"length([for s in {data} : s.id if s.availability_zone_id == "
                    f"{hcl.string(az)}]) == 1",
                    _message(
                        "IP007",
                        f"endpoint '{key}' fixes an address in {az}, but group '{group_name}' "
                        f"has no subnet (or more than one) in {az}.",
                    ),
                )
            )
        for family, ip, cidr in (
            ("IPv4", addr.ipv4, f"{subnet}.cidr_block"),
            ("IPv6", addr.ipv6, f"{subnet}.ipv6_cidr_block"),
        ):
            if not ip:
                continue
            literal = hcl.string(ip)
            inside = (
                f'cidrhost(format("%s/%s", {literal}, split("/", {cidr})[1]), 0) == '
                f"cidrhost({cidr}, 0)"
            )
            condition = f'{cidr} != "" && {inside}'
            if family == "IPv4":
                condition += (
                    f" && !contains([for n in [0, 1, 2, 3, -1] : cidrhost({cidr}, n)], {literal})"
                )
            if az not in (group.availability_zone_ids or []):
                condition = f"try({condition}, true)"  # no subnet in that AZ: IP007 reports it
            checks.append(
                Check(
                    condition,
                    _message(
                        "IP008",
                        f"endpoint '{key}': {family} address {ip} is not a usable address of "
                        f"its subnet in {az} (outside the subnet's range, or reserved by AWS).",
                    ),
                )
            )
        return checks

    def shared_route_table_guards(
        self, key: str, ep: EndpointBase, groups: Sequence[str]
    ) -> list[Check]:
        """GW003 at plan time: two gateway endpoints for one service must not share a route
        table. Decided at generate time for literal IDs; guarded when either side is an input."""
        checks: list[Check] = []
        mine = self.route_table_ids(groups)
        for other_key, other in self.ctx.endpoints("gateway"):
            if other_key >= key or self.ctx.service_short(other) != self.ctx.service_short(ep):
                continue
            other_groups = self.ctx.value(other_key, "route_table_groups") or []
            table_groups = self.spec.network.route_table_groups
            if all(table_groups[g].ids is not None for g in [*groups, *other_groups]):
                continue
            theirs = self.route_table_ids(other_groups)
            checks.append(
                Check(
                    f"length(setintersection(toset({mine}), toset({theirs}))) == 0",
                    _message(
                        "GW003",
                        f"gateway endpoints '{other_key}' and '{key}' are both for "
                        f"{self.service_name(ep)} and share a route table; a route table takes "
                        "one gateway endpoint per service.",
                    ),
                )
            )
        return checks

    def service_data(self, key: str, ep: EndpointBase) -> str:
        """data.aws_vpc_endpoint_service for the endpoint's service (read-only lookup).

        Filtered by type only for AWS services, which may offer both gateway and interface
        endpoints (S3, DynamoDB); other services are looked up by name so that GWLB004 can
        report a wrong type instead of "no matching service"."""
        ident = hcl.identifier(key)
        name = f"service:{key}"
        if name not in self.data_blocks:
            self.permissions.add("ec2:DescribeVpcEndpointServices")
            attrs = [Attr("service_name", hcl.string(self.service_name(ep)))]
            if ep.service:
                attrs.append(Attr("service_type", hcl.string(ENDPOINT_TYPE_NAMES[ep.type])))
            self.data_blocks[name] = Block(
                kind="data",
                type="aws_vpc_endpoint_service",
                name=ident,
                comment=f"The service behind endpoint '{key}', read at plan time for the guards.",
                attrs=tuple(attrs),
            )
        return f"data.aws_vpc_endpoint_service.{ident}"

    def route_blocks(self, key: str, ep: EndpointBase) -> list[Block]:
        """One aws_route block per route entry, over the route tables of its group: for_each
        keyed by route table ID when the IDs are literal, count over the input otherwise."""
        blocks: list[Block] = []
        seen: set[str] = set()
        for route in ep.routes or []:
            slug = hcl.identifier(
                f"{key}_{route.route_table_group}_{_route_slug(route.destination)}"
            )
            if slug in seen:
                continue
            seen.add(slug)
            group = self.spec.network.route_table_groups[route.route_table_group]
            tables = self.route_table_ids([route.route_table_group])
            if PREFIX_LIST_ID.fullmatch(route.destination):
                dest = Attr("destination_prefix_list_id", hcl.string(route.destination))
            elif ipaddress.ip_network(route.destination).version == 6:
                dest = Attr("destination_ipv6_cidr_block", hcl.string(route.destination))
            else:
                dest = Attr("destination_cidr_block", hcl.string(route.destination))
            if group.ids is not None:
                meta = Attr("for_each", f"toset({tables})")
                table = Attr("route_table_id", "each.value")
            else:
                meta = Attr("count", f"length({tables})")
                table = Attr("route_table_id", f"{tables}[count.index]")
            blocks.append(
                Block(
                    kind="resource",
                    type="aws_route",
                    name=slug,
                    comment=f"{key}: send {route.destination} from route table group "
                    f"'{route.route_table_group}' through the endpoint.",
                    meta=(meta,),
                    attrs=(
                        table,
                        dest,
                        Attr("vpc_endpoint_id", f"aws_vpc_endpoint.{hcl.identifier(key)}.id"),
                    ),
                )
            )
        return blocks

    def endpoint_notification_blocks(self, key: str, ep: EndpointBase) -> list[Block]:
        if not ep.connection_notifications or ep.type != "interface":
            return []
        ident = hcl.identifier(key)
        return [
            _notification_block(
                ident,
                f"{key}: connection notifications.",
                "vpc_endpoint_id",
                f"aws_vpc_endpoint.{ident}.id",
                ep.connection_notifications,
            )
        ]

    # --- endpoint services -----------------------------------------------------------------

    def endpoint_service_blocks(self, key: str, svc: EndpointService) -> list[Block]:
        ident = hcl.identifier(key)
        ref = f"aws_vpc_endpoint_service.{ident}"
        attrs = [Attr("acceptance_required", "true" if svc.acceptance_required else "false")]
        if svc.network_load_balancer_arns:
            attrs.append(
                Attr("network_load_balancer_arns", hcl.string_list(svc.network_load_balancer_arns))
            )
        if svc.gateway_load_balancer_arns:
            attrs.append(
                Attr("gateway_load_balancer_arns", hcl.string_list(svc.gateway_load_balancer_arns))
            )
        if svc.private_dns_name:
            attrs.append(Attr("private_dns_name", hcl.string(svc.private_dns_name)))
        if svc.supported_ip_address_types:
            attrs.append(
                Attr(
                    "supported_ip_address_types",
                    hcl.string_list(sorted({t.lower() for t in svc.supported_ip_address_types})),
                )
            )
        if svc.supported_regions:
            attrs.append(
                Attr("supported_regions", hcl.string_list(sorted(set(svc.supported_regions))))
            )
        service_checks: list[Check] = []
        offers_ipv6 = any(t.lower() == "ipv6" for t in svc.supported_ip_address_types or [])
        if offers_ipv6 and svc.network_load_balancer_arns:
            self.permissions.add("elasticloadbalancing:DescribeLoadBalancers")
            lbs = f"data.aws_lb.{ident}"
            self.data_blocks[f"lb:{key}"] = Block(
                kind="data",
                type="aws_lb",
                name=ident,
                comment=f"The load balancers of endpoint service '{key}', for their IP type.",
                meta=(
                    Attr(
                        "for_each",
                        f"toset({hcl.string_list(sorted(set(svc.network_load_balancer_arns)))})",
                    ),
                ),
                attrs=(Attr("arn", "each.value"),),
            )
            service_checks.append(
                Check(
                    f'alltrue([for lb in {lbs} : startswith(lb.ip_address_type, "dualstack")])',
                    _message(
                        "IP011",
                        f"endpoint service '{key}' offers IPv6, which needs dualstack load "
                        "balancers; make the NLBs dualstack or drop ipv6.",
                    ),
                )
            )
        blocks = [
            Block(
                kind="resource",
                type="aws_vpc_endpoint_service",
                name=ident,
                comment=f"{key}: endpoint service (PrivateLink) offered to other VPCs.",
                attrs=tuple(attrs),
                tags=self.tags(key, svc.tags),
                preconditions=tuple(service_checks),
                skips=checkov.endpoint_service_skips(self.spec, key, svc),
            )
        ]
        if svc.allowed_principals:
            blocks.append(
                Block(
                    kind="resource",
                    type="aws_vpc_endpoint_service_allowed_principal",
                    name=ident,
                    comment=f"{key}: principals allowed to connect (one resource each).",
                    meta=(
                        Attr(
                            "for_each",
                            f"toset({hcl.string_list(sorted(set(svc.allowed_principals)))})",
                        ),
                    ),
                    attrs=(
                        Attr("vpc_endpoint_service_id", f"{ref}.id"),
                        Attr("principal_arn", "each.value"),
                    ),
                )
            )
        if svc.private_dns_name and svc.private_dns_verification:
            self.permissions.add("route53:GetHostedZone")
            zone_id = svc.private_dns_verification.route53_zone_id
            zone_data = f"data.aws_route53_zone.{ident}"
            self.data_blocks[f"zone:{key}"] = Block(
                kind="data",
                type="aws_route53_zone",
                name=ident,
                comment=f"The public zone that proves ownership of {svc.private_dns_name}.",
                attrs=(Attr("zone_id", hcl.string(zone_id)),),
            )
            config = f"{ref}.private_dns_name_configuration[0]"
            dns_name = hcl.string(svc.private_dns_name.removeprefix("*."))
            zone_name = f'trimsuffix({zone_data}.name, ".")'
            blocks.append(
                Block(
                    kind="resource",
                    type="aws_route53_record",
                    name=f"{ident}_verification",
                    comment=f"{key}: the TXT record that proves ownership of "
                    f"{svc.private_dns_name}.",
                    attrs=(
                        Attr("zone_id", hcl.string(zone_id)),
                        Attr("name", f"{config}.name"),
                        Attr("type", hcl.string("TXT")),
                        Attr("ttl", "1800"),
                        Attr("records", f"[{config}.value]"),
                    ),
                    preconditions=(
                        Check(
                            f"!{zone_data}.private_zone",
                            _message(
                                "PDN002",
                                f"hosted zone {zone_id} is private; domain verification for "
                                f"{svc.private_dns_name} needs the public zone of the domain.",
                            ),
                        ),
                        Check(
                            f"{dns_name} == {zone_name} || "
                            f'endswith({dns_name}, ".${{{zone_name}}}")',
                            _message(
                                "PDN002",
                                f"hosted zone {zone_id} is not the zone of {svc.private_dns_name} "
                                "or of a parent domain.",
                            ),
                        ),
                    ),
                )
            )
            blocks.append(
                Block(
                    kind="resource",
                    type="aws_vpc_endpoint_service_private_dns_verification",
                    name=ident,
                    comment=f"{key}: start domain verification once the TXT record exists.",
                    attrs=(Attr("service_id", f"{ref}.id"),),
                    depends_on=(f"aws_route53_record.{ident}_verification",),
                )
            )
        if svc.accept_endpoints:
            blocks.append(
                Block(
                    kind="resource",
                    type="aws_vpc_endpoint_connection_accepter",
                    name=ident,
                    comment=f"{key}: accept these consumer endpoints.",
                    meta=(
                        Attr(
                            "for_each",
                            f"toset({hcl.string_list(sorted(set(svc.accept_endpoints)))})",
                        ),
                    ),
                    attrs=(
                        Attr("vpc_endpoint_service_id", f"{ref}.id"),
                        Attr("vpc_endpoint_id", "each.value"),
                    ),
                )
            )
        if svc.connection_notifications:
            blocks.append(
                _notification_block(
                    ident,
                    f"{key}: connection notifications.",
                    "vpc_endpoint_service_id",
                    f"{ref}.id",
                    svc.connection_notifications,
                )
            )
        return blocks

    # --- outputs ---------------------------------------------------------------------------

    def outputs(self) -> list[Output]:
        outs: list[Output] = []
        for key, ep in self.ctx.endpoints():
            ident = hcl.identifier(key)
            ref = f"aws_vpc_endpoint.{ident}"
            fields = [("id", f"{ref}.id"), ("arn", f"{ref}.arn")]
            if ep.type == "gateway":
                fields.append(("prefix_list_id", f"{ref}.prefix_list_id"))
                what = "ID, ARN and prefix list ID"
            elif ep.type == "gateway-load-balancer":
                fields.append(("network_interface_ids", f"{ref}.network_interface_ids"))
                what = "ID, ARN and network interface IDs"
            else:
                fields.append(("dns_entries", f"{ref}.dns_entry"))
                fields.append(("network_interface_ids", f"{ref}.network_interface_ids"))
                what = "ID, ARN, DNS entries and network interface IDs"
            body = "{\n" + "\n".join(f"    {k} = {v}" for k, v in fields) + "\n  }"
            outs.append(Output(f"endpoint_{ident}", f"Endpoint '{key}' ({ep.type}): {what}.", body))
        for key in sorted(self.spec.endpoint_services):
            svc = self.spec.endpoint_services[key]
            ident = hcl.identifier(key)
            ref = f"aws_vpc_endpoint_service.{ident}"
            fields = [
                ("id", f"{ref}.id"),
                ("service_name", f"{ref}.service_name"),
                ("service_type", f"{ref}.service_type"),
                ("base_endpoint_dns_names", f"{ref}.base_endpoint_dns_names"),
            ]
            what = "ID, service name, type and base DNS names"
            if svc.private_dns_name:
                fields.append(
                    (
                        "private_dns_verification_record",
                        f"try({ref}.private_dns_name_configuration[0], null)",
                    )
                )
                what += ", and the TXT record to publish to verify the private DNS name"
            body = "{\n" + "\n".join(f"    {k} = {v}" for k, v in fields) + "\n  }"
            outs.append(
                Output(f"endpoint_service_{ident}", f"Endpoint service '{key}': {what}.", body)
            )
        if self.spec.security_groups:
            body = (
                "{\n"
                + "\n".join(
                    f"    {hcl.key(n)} = aws_security_group.{hcl.identifier(n)}.id"
                    for n in sorted(self.spec.security_groups)
                )
                + "\n  }"
            )
            outs.append(Output("security_group_ids", "IDs of the security groups, by name.", body))
        return outs


def _ordered_rule(entry: dict[str, Any]) -> dict[str, Any]:
    order = (
        "description",
        "ip_protocol",
        "from_port",
        "to_port",
        "cidr_ipv4",
        "cidr_ipv6",
        "prefix_list_id",
        "referenced_security_group_id",
    )
    return {k: entry[k] for k in order}


def _notification_block(
    ident: str, comment: str, attr: str, ref: str, notifications: Iterable[Any]
) -> Block:
    merged: dict[str, list[str]] = {}
    for n in notifications:
        events = merged.setdefault(n.sns_topic_arn, [])
        events.extend(e for e in n.events if e not in events)
    items = {arn: {"events": sorted(events)} for arn, events in sorted(merged.items())}
    return Block(
        kind="resource",
        type="aws_vpc_endpoint_connection_notification",
        name=ident,
        comment=comment + " One per SNS topic.",
        meta=(Attr("for_each", hcl.value(items, 1)),),
        attrs=(
            Attr(attr, ref),
            Attr("connection_notification_arn", "each.key"),
            Attr("connection_events", "each.value.events"),
        ),
    )


def _provider_version(ctx: Context, features: set[str]) -> str:
    """The spec's constraint when it sets one; else the floor of the features emitted."""
    if ctx.has(("terraform", "aws_provider_version")):
        return ctx.spec.terraform.aws_provider_version
    floor = max([BASE_PROVIDER_FLOOR, *(FEATURE_FLOORS[f] for f in features)])
    if floor == BASE_PROVIDER_FLOOR:
        return ctx.spec.terraform.aws_provider_version
    return ">= " + ".".join(map(str, floor))


def build_module(loaded: LoadedSpec, spec_path: str) -> Module:
    """The view model of one valid spec (the caller has checked it has no errors)."""
    assert loaded.spec is not None
    spec = loaded.spec
    ctx = Context(loaded, spec)
    b = _Builder(loaded, spec, ctx)

    endpoints: list[Block] = []
    routes: list[Block] = []
    for key, ep in ctx.endpoints():
        endpoints.append(b.endpoint_block(key, ep))
        endpoints.extend(b.endpoint_notification_blocks(key, ep))
        if ep.type == "gateway-load-balancer":
            routes.extend(b.route_blocks(key, ep))
    services: list[Block] = []
    for key in sorted(spec.endpoint_services):
        services.extend(b.endpoint_service_blocks(key, spec.endpoint_services[key]))
    security_groups = b.security_group_blocks()
    outputs = b.outputs()

    b.variables["tags"] = Variable(
        name="tags",
        type="map(string)",
        description="Tags added to every taggable resource, after the spec's own tags.",
        default="{}",
    )
    if spec.tags:
        locals_ = [Local("tags", f"merge({hcl.value(dict(spec.tags), 1)}, var.tags)")]
    else:
        locals_ = [Local("tags", "var.tags")]
    locals_ += [Local(k, v) for k, v in sorted(b.locals.items())]

    inventory = [
        ReadmeRow(
            (
                f"`{k}`",
                ep.type,
                f"`{_target(ep)}`",
            )
        )
        for k, ep in ctx.endpoints()
    ] + [
        ReadmeRow(
            (
                f"`{k}`",
                "endpoint service",
                "NLB" if spec.endpoint_services[k].network_load_balancer_arns else "GWLB",
            )
        )
        for k in sorted(spec.endpoint_services)
    ]
    variables = sorted(b.variables.values(), key=lambda v: (v.default is not None, v.name))
    example_inputs = _aligned([(v.name, _example_value(v)) for v in variables if v.default is None])
    data_blocks = [b.data_blocks[k] for k in sorted(b.data_blocks, key=_data_order)]
    header = f"# Code generated by vpcegen from {spec_path}. DO NOT EDIT."
    return Module(
        name=spec.name,
        header=header,
        description=spec.description or f"VPC endpoints for {spec.region}",
        spec_path=spec_path,
        required_version=spec.terraform.required_version,
        provider_version=_provider_version(ctx, b.features),
        variables=tuple(variables),
        locals=tuple(locals_),
        data_blocks=tuple(data_blocks),
        security_groups=tuple(security_groups),
        endpoints=tuple(endpoints),
        routes=tuple(routes),
        endpoint_services=tuple(services),
        outputs=tuple(outputs),
        checks=tuple(b.checks[k] for k in sorted(b.checks)),
        inventory=tuple(inventory),
        permissions=tuple(sorted(b.permissions)),
        example_inputs=tuple(example_inputs),
    )


def _route_slug(destination: str) -> str:
    """A readable, unique name part for a route destination: 10_0_0_0_16, ipv6_0, pl_0ab..."""
    if PREFIX_LIST_ID.fullmatch(destination):
        return destination.replace("-", "_")
    net = ipaddress.ip_network(destination)
    address = str(net.network_address).replace(".", "_").replace(":", "_")
    text = f"{address}_{net.prefixlen}"
    if net.version == 6:
        text = "ipv6_" + text
    return re.sub(r"_+", "_", text).strip("_")


def _example_value(variable: Variable) -> str:
    """A plausible value for the README's call example (the right count of list entries)."""
    if variable.name == "vpc_id":
        return hcl.string("vpc-0123456789abcdef0")
    count = 1
    for check in variable.validations:
        m = re.fullmatch(r"length\(var\.\w+\) == (\d+)", check.condition)
        if m:
            count = int(m.group(1))
    kind = "rtb" if variable.name.endswith("_route_table_ids") else "subnet"
    return hcl.string_list([f"{kind}-0123456789abcdef{i}" for i in range(count)])


def _aligned(pairs: list[tuple[str, str]]) -> tuple[Attr, ...]:
    width = max((len(name) for name, _ in pairs), default=0)
    return tuple(Attr(name.ljust(width), value) for name, value in pairs)


def _target(ep: EndpointBase) -> str:
    return (
        ep.service
        or ep.service_name
        or ep.resource_configuration_arn
        or ep.service_network_arn
        or ""
    )


def _data_order(key: str) -> tuple[int, str]:
    kind = key.split(":", 1)[0]
    return ({"vpc": 0, "subnet": 1, "service": 2, "zone": 3, "lb": 4}.get(kind, 5), key)
