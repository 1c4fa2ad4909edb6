"""The module being built: its input variables, locals and data sources, created on first use.

Implements generator.plan_time.ModuleRefs for the guards, and gives every block builder the
expressions for the VPC, subnets, route tables and security groups (literal IDs or inputs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.plan_time import InputVariable
from generator.render import hcl
from generator.render.permissions import actions_for
from generator.render.views import DataSource, PrefixList, Variable
from generator.resolve.model import ResolvedEndpoint, ResolvedSpec
from generator.spec.endpoint_types import GWLB
from generator.spec.types import SECURITY_GROUP_ID

# data source kind -> its place in main.tf
_DATA_ORDER = {"region": 0, "vpc": 1, "subnet": 2, "service": 3, "zone": 4, "lb": 5}


@dataclass
class Refs:
    resolved: ResolvedSpec
    variables: dict[str, Variable] = field(default_factory=dict)
    input_roles: dict[str, InputVariable] = field(default_factory=dict)
    data: dict[str, DataSource] = field(default_factory=dict)
    locals: dict[str, str] = field(default_factory=dict)
    permissions: set[str] = field(default_factory=set)
    prefix_lists: dict[str, PrefixList] = field(default_factory=dict)

    @property
    def inputs(self) -> Sequence[InputVariable]:
        return [self.input_roles[k] for k in sorted(self.input_roles)]

    def add_data(self, key: str, source: DataSource) -> None:
        """Declare a data block, and the read permissions a plan needs for it
        (generator.render.permissions)."""
        self.permissions.update(actions_for(source.type))
        self.data[key] = source

    def data_sources(self) -> list[DataSource]:
        def order(key: str) -> tuple[int, str]:
            return (_DATA_ORDER.get(key.split(":", 1)[0], 5), key)

        return [self.data[k] for k in sorted(self.data, key=order)]

    # --- inputs ----------------------------------------------------------------------------

    def _input(self, var: Variable, role: InputVariable) -> str:
        if var.name not in self.variables:
            self.variables[var.name] = var
            self.input_roles[var.name] = role
        return f"var.{var.name}"

    @property
    def vpc_id(self) -> str:
        vpc = self.resolved.spec.network.vpc
        if vpc.id is not None:
            return hcl.string(vpc.id)
        return self._input(
            Variable("vpc_id", "string", "ID of the VPC that receives the endpoints."),
            InputVariable("vpc_id", "vpc_id"),
        )

    def spoke_vpc_ids(self) -> str:
        """var.spoke_vpc_ids: the VPC IDs of the spokes the spec names without one, keyed by
        spoke name, so the zone associations' addresses never depend on unknown IDs."""
        sharing = self.resolved.spec.sharing
        names = sorted(n for n, s in (sharing.spokes if sharing else {}).items() if not s.vpc_id)
        if "spoke_vpc_ids" not in self.variables:
            var = Variable(
                "spoke_vpc_ids",
                "map(string)",
                "VPC IDs of the spokes that share the endpoints, keyed by the spoke names of "
                f"the spec: {', '.join(names)} (a missing name fails the plan: invalid index).",
                example_keys=True,
            )
            self._input(var, InputVariable("spoke_vpc_ids", "vpc_ids", keyed=True))
        return "var.spoke_vpc_ids"

    def subnet_ids(self, group: str) -> str:
        """The group's subnet IDs: a literal list, or a module input."""
        g = self.resolved.subnet_group(group)
        if g.ids is not None:
            return hcl.string_list(g.ids)
        name = f"{hcl.identifier(group)}_subnet_ids"
        azs = g.availability_zone_ids
        single = any(
            ep.subnet_group == group for ep in self.resolved.endpoints_of(GWLB)
        )  # a Gateway Load Balancer endpoint takes exactly one subnet
        order = f" in the order of the AZ IDs {', '.join(azs)}" if azs else ""
        extra = " Exactly one subnet (Gateway Load Balancer endpoint)." if single else ""
        var = Variable(
            name,
            "list(string)",
            f"IDs of the subnets of group '{group}'{order}, one per Availability Zone.{extra}",
            example_count=1 if single else len(azs or [None]),
        )
        return self._input(var, InputVariable(name, "subnet_ids", group))

    def route_table_ids(self, groups: Sequence[str]) -> str:
        literal: list[str] = []
        parts: list[str] = []
        for group in groups:
            g = self.resolved.route_table_group(group)
            if g.ids is not None:
                literal.extend(i for i in g.ids if i not in literal)
                continue
            if literal:
                parts.append(hcl.string_list(literal))
                literal = []
            parts.append(self.route_table_input(group))
        if literal:
            parts.append(hcl.string_list(literal))
        return parts[0] if len(parts) == 1 else "concat(" + ", ".join(parts) + ")"

    def routed(self, group: str) -> bool:
        """Whether routes of Gateway Load Balancer endpoints go into the group's tables."""
        return any(
            route.route_table_group == group
            for ep in self.resolved.endpoints_of(GWLB)
            for route in ep.model.routes or []
        )

    def route_table_input(self, group: str, *, as_map: bool = False) -> str:
        """The module input for a route table group without literal IDs: a list, or (for groups
        that receive routes) a map whose keys the caller chooses, so each route's address in
        state follows its key and not the table's position in a list."""
        name = f"{hcl.identifier(group)}_route_table_ids"
        if self.routed(group):
            var = Variable(
                name,
                "map(string)",
                f"IDs of the route tables of group '{group}', keyed by a name you choose (for "
                "example the AZ ID). The key names the route in state: adding, removing or "
                "reordering tables never replaces another table's route.",
                example_keys=True,
            )
            ref = self._input(var, InputVariable(name, "route_table_ids", group, keyed=True))
            return ref if as_map else f"values({ref})"
        var = Variable(name, "list(string)", f"IDs of the route tables of group '{group}'.")
        return self._input(var, InputVariable(name, "route_table_ids", group))

    def security_group_ids(self, refs: Sequence[str]) -> str:
        items = [
            hcl.string(ref)
            if SECURITY_GROUP_ID.fullmatch(ref)
            else f"aws_security_group.{hcl.identifier(ref)}.id"
            for ref in refs
        ]
        return "[" + ", ".join(items) + "]"

    # --- names and tags --------------------------------------------------------------------

    def name_tag(self, key: str) -> str:
        return f"{self.resolved.name}-{key}"

    def tags(self, key: str, own: dict[str, str]) -> str:
        """Module tags, then a Name, then the entry's own tags (which may override Name)."""
        name = f"{{ Name = {hcl.string(self.name_tag(key))} }}"
        if not own:
            return f"merge(local.tags, {name})"
        return f"merge(\n    local.tags,\n    {name},\n    {hcl.value(dict(own), 2)},\n  )"

    # --- data sources ----------------------------------------------------------------------

    def vpc_data(self) -> str:
        if "vpc" not in self.data:
            self.add_data(
                "vpc",
                DataSource(
                    "aws_vpc",
                    "this",
                    "The VPC, read at plan time for its CIDR blocks and DNS attributes.",
                    {"id": self.vpc_id},
                ),
            )
        return "data.aws_vpc.this"

    def subnet_data(self, group: str) -> str:
        """data.aws_subnet.<group>: one read per subnet, for the plan-time guards."""
        ident = hcl.identifier(group)
        key = f"subnet:{group}"
        if key not in self.data:
            ids = self.subnet_ids(group)
            if self.resolved.subnet_group(group).ids is not None:
                self.locals[f"{ident}_subnet_ids"] = ids
                ids = f"local.{ident}_subnet_ids"
            self.add_data(
                key,
                DataSource(
                    "aws_subnet",
                    ident,
                    f"Subnets of group '{group}', read at plan time for the guards.",
                    {"id": f"{ids}[count.index]"},
                    meta={"count": f"length({ids})"},
                ),
            )
        return f"data.aws_subnet.{ident}"

    def availability_zone_ids(self, group: str) -> str:
        """local.<group>_availability_zone_ids: the group's declared AZ IDs."""
        name = f"{hcl.identifier(group)}_availability_zone_ids"
        azs = self.resolved.subnet_group(group).availability_zone_ids or []
        self.locals[name] = hcl.string_list(azs)
        return f"local.{name}"

    def subnet_for_az(self, group: str, az: str) -> tuple[str, str]:
        """(subnet ID expression, data.aws_subnet expression) of the group's subnet in `az`."""
        g = self.resolved.subnet_group(group)
        azs = g.availability_zone_ids or []
        data = self.subnet_data(group)
        if az in azs:
            i = azs.index(az)
            subnet = hcl.string(g.ids[i]) if g.ids is not None else f"{data}[{i}].id"
            return subnet, f"{data}[{i}]"
        match = f"[for s in {data} : s if s.availability_zone_id == {hcl.string(az)}]"
        # null when no subnet is in that AZ: a guard then explains it.
        return f"try(one({match}).id, null)", f"one({match})"

    def service_data(self, ep: ResolvedEndpoint) -> str:
        """data.aws_vpc_endpoint_service for the endpoint's service (read-only lookup).

        Filtered by type only for AWS services, which may offer both gateway and interface
        endpoints (S3, DynamoDB); other services are looked up by name so that a guard can
        report a wrong type instead of "no matching service"."""
        ident = hcl.identifier(ep.key)
        key = f"service:{ep.key}"
        if key not in self.data:
            args = {"service_name": hcl.string(ep.service_name or "")}
            if ep.model.service:
                args["service_type"] = hcl.string(ep.kind.api_name)
            self.add_data(
                key,
                DataSource(
                    "aws_vpc_endpoint_service",
                    ident,
                    f"The service behind endpoint '{ep.key}', read at plan time for the guards.",
                    args,
                ),
            )
        return f"data.aws_vpc_endpoint_service.{ident}"

    def lb_data(self, key: str, arns: Sequence[str]) -> str:
        ident = hcl.identifier(key)
        self.add_data(
            f"lb:{key}",
            DataSource(
                "aws_lb",
                ident,
                f"The load balancers of endpoint service '{key}', for their IP type.",
                {"arn": "each.value"},
                meta={"for_each": f"toset({hcl.string_list(sorted(set(arns)))})"},
            ),
        )
        return f"data.aws_lb.{ident}"

    def zone_data(self, key: str, zone_id: str) -> str:
        ident = hcl.identifier(key)
        services = dict(self.resolved.endpoint_services)
        name = services[key].private_dns_name
        self.add_data(
            f"zone:{key}",
            DataSource(
                "aws_route53_zone",
                ident,
                f"The public zone that proves ownership of {name}.",
                {"zone_id": hcl.string(zone_id)},
            ),
        )
        return f"data.aws_route53_zone.{ident}"

    def region_data(self) -> str:
        """data.aws_region.current: the Region of the provider the module is called with (no
        AWS call: the provider knows it)."""
        if "region" not in self.data:
            self.add_data(
                "region",
                DataSource(
                    "aws_region",
                    "current",
                    "The Region of the provider this module is called with.",
                    {},
                ),
            )
        return "data.aws_region.current"

    def vpc_prefix_list(self, family: str) -> str:
        """The ID of the managed prefix list holding the VPC's CIDR blocks of one family, read
        at plan time (or, when the VPC is created in the same apply, at apply time)."""
        name = f"vpc_{family}"
        if name not in self.prefix_lists:
            vpc = self.vpc_data()
            if family == "ipv4":
                # Only blocks still associated: the data source lists disassociated ones too.
                cidrs = (
                    f"[for a in {vpc}.cidr_block_associations : a.cidr_block "
                    'if a.state == "associated"]'
                )
            else:  # the data source exposes the VPC's first IPv6 block only
                cidrs = f"compact([{vpc}.ipv6_cidr_block])"
            self.locals[f"vpc_{family}_cidr_blocks"] = cidrs
            self.prefix_lists[name] = PrefixList(
                ident=name,
                name=self.name_tag(f"vpc-{family}"),
                family="IPv4" if family == "ipv4" else "IPv6",
                entries_expr=f"local.vpc_{family}_cidr_blocks",
                tags_expr=self.tags(f"vpc-{family}", {}),
            )
        return f"aws_ec2_managed_prefix_list.{name}.id"
