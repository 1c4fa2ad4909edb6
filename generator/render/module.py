"""Render one resolved spec into the files of its module (in memory).

Each module file has its builder (render/<file>.py) and its template
(templates/module/<file>.j2); the templates take their block shapes from templates/blocks/.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.plan_time import RuleGuard
from generator.render import hcl, readme
from generator.render.endpoint_services import EndpointService, endpoint_service
from generator.render.endpoints import Endpoint, Notification, endpoint, endpoint_notification
from generator.render.environment import environment
from generator.render.guards import place
from generator.render.layout import tidy
from generator.render.load_balancers import LoadBalancer, load_balancer
from generator.render.outputs import outputs
from generator.render.refs import Refs
from generator.render.routes import Route, routes
from generator.render.security_groups import SecurityGroup, security_group
from generator.render.shared_dns import SharedDns, shared_dns
from generator.render.versions import provider_constraint
from generator.render.views import (
    Assignment,
    CheckBlock,
    DataSource,
    Output,
    PrefixList,
    ReadmeRow,
    Variable,
)
from generator.resolve.model import ResolvedSpec
from generator.resolve.sharing import ResolvedSpoke

# file name -> template
_FILES = (
    ("versions.tf", "module/versions.tf.j2"),
    ("variables.tf", "module/variables.tf.j2"),
    ("main.tf", "module/main.tf.j2"),
    ("security_groups.tf", "module/security_groups.tf.j2"),
    ("endpoints.tf", "module/endpoints.tf.j2"),
    ("routes.tf", "module/routes.tf.j2"),
    ("load_balancers.tf", "module/load_balancers.tf.j2"),
    ("endpoint_services.tf", "module/endpoint_services.tf.j2"),
    ("shared_dns.tf", "module/shared_dns.tf.j2"),
    ("checks.tf", "module/checks.tf.j2"),
    ("outputs.tf", "module/outputs.tf.j2"),
    ("README.md", "module/README.md.j2"),
)


@dataclass(frozen=True)
class Module:
    """Everything the templates of one module receive."""

    name: str
    header: str
    description: str
    spec_path: str
    required_version: str
    provider_version: str
    variables: tuple[Variable, ...]
    locals: tuple[tuple[str, str], ...]
    data_sources: tuple[DataSource, ...]
    prefix_lists: tuple[PrefixList, ...]
    security_groups: tuple[SecurityGroup, ...]
    endpoints: tuple[tuple[Endpoint, Notification | None], ...]
    routes: tuple[Route, ...]
    load_balancers: tuple[LoadBalancer, ...]
    endpoint_services: tuple[EndpointService, ...]
    shared_dns: SharedDns
    provider_aliases: tuple[str, ...]  # configuration_aliases: aws.spoke_<name>
    outputs: tuple[Output, ...]
    checks: tuple[CheckBlock, ...]
    inventory: tuple[ReadmeRow, ...]
    created: tuple[readme.Created, ...]
    guards: tuple[readme.GuardRow, ...]
    day2: tuple[str, ...]
    region: str
    permissions: tuple[str, ...]
    example_inputs: tuple[Assignment, ...]

    def has(self, file_name: str) -> bool:
        return {
            "security_groups.tf": bool(self.security_groups),
            "endpoints.tf": bool(self.endpoints),
            "routes.tf": bool(self.routes),
            "load_balancers.tf": bool(self.load_balancers),
            "endpoint_services.tf": bool(self.endpoint_services),
            "shared_dns.tf": bool(
                self.shared_dns.zones or self.shared_dns.spokes or self.shared_dns.resolver
            ),
            "outputs.tf": bool(self.outputs),
            "checks.tf": bool(self.checks),
        }.get(file_name, True)


def build_module(resolved: ResolvedSpec, spec_path: str, guards: Sequence[RuleGuard]) -> Module:
    """The template input of one valid spec (the caller has checked it has no errors)."""
    spec = resolved.spec
    refs = Refs(resolved)
    endpoints = [(endpoint(refs, ep), endpoint_notification(ep)) for ep in resolved.endpoints]
    route_blocks = [
        r for ep in resolved.endpoints if ep.kind.takes("routes") for r in routes(refs, ep)
    ]
    balancers = {
        key: load_balancer(refs, key, svc.network_load_balancer)
        for key, svc in resolved.endpoint_services
        if svc.network_load_balancer is not None
    }
    services = [
        endpoint_service(refs, key, svc, balancers.get(key))
        for key, svc in resolved.endpoint_services
    ]
    groups = [security_group(refs, g) for g in resolved.security_groups]
    dns = shared_dns(refs)

    placement = place(refs, guards)
    for ep, _ in endpoints:
        ep.preconditions.extend(placement.at("endpoint", ep.key))
    for svc in services:
        svc.preconditions.extend(placement.at("endpoint_service", svc.key))
        svc.record_preconditions.extend(placement.at("verification_record", svc.key))
    for key, source in refs.data.items():
        if key.startswith("subnet:"):
            source.postconditions.extend(placement.at("subnets", key.split(":", 1)[1]))
        elif key == "region":
            source.postconditions.extend(placement.at("region", ""))
    for route in route_blocks:
        route.preconditions.extend(placement.at("routes", route.endpoint_key))
    for var in refs.variables.values():
        var.validations.extend(placement.at("variable", var.name))

    prefix_lists = tuple(refs.prefix_lists[k] for k in sorted(refs.prefix_lists))
    refs.variables["tags"] = Variable(
        "tags",
        "map(string)",
        "Tags added to every taggable resource, after the spec's own tags.",
        default="{}",
    )
    tags = f"merge({hcl.value(dict(spec.tags), 1)}, var.tags)" if spec.tags else "var.tags"
    variables = sorted(refs.variables.values(), key=lambda v: (v.default is not None, v.name))
    return Module(
        name=spec.name,
        header=f"# Code generated by vpcegen from {spec_path}. DO NOT EDIT.",
        description=spec.description or f"VPC endpoints for {spec.region}",
        spec_path=spec_path,
        required_version=spec.terraform.required_version,
        provider_version=provider_constraint(resolved),
        variables=tuple(variables),
        locals=(("tags", tags), *sorted(refs.locals.items())),
        data_sources=tuple(refs.data_sources()),
        prefix_lists=prefix_lists,
        security_groups=tuple(groups),
        endpoints=tuple(endpoints),
        routes=tuple(route_blocks),
        load_balancers=tuple(balancers.values()),
        endpoint_services=tuple(services),
        shared_dns=dns,
        provider_aliases=tuple(s.provider for s in dns.spokes if s.provider),
        outputs=tuple(outputs(resolved)),
        checks=tuple(placement.checks[k] for k in sorted(placement.checks)),
        inventory=_inventory(resolved),
        created=readme.created(
            endpoints, prefix_lists, groups, route_blocks, services, tuple(balancers.values())
        )
        + readme.created_shared(dns),
        guards=readme.guard_rows(placement.rules),
        day2=readme.day2(
            resolved,
            has_routes=bool(route_blocks),
            reads_network=any(k.startswith(("vpc", "subnet:")) for k in refs.data),
        ),
        region=spec.region,
        permissions=tuple(sorted(refs.permissions)),
        example_inputs=_example_inputs(variables, resolved.spokes),
    )


def _inventory(resolved: ResolvedSpec) -> tuple[ReadmeRow, ...]:
    rows = [ReadmeRow((f"`{ep.key}`", ep.type, f"`{ep.target}`")) for ep in resolved.endpoints]
    rows += [
        ReadmeRow(
            (f"`{key}`", "endpoint service", "GWLB" if svc.gateway_load_balancer_arns else "NLB")
        )
        for key, svc in resolved.endpoint_services
    ]
    return tuple(rows)


def _example_inputs(
    variables: Sequence[Variable], spokes: Sequence[ResolvedSpoke] = ()
) -> tuple[Assignment, ...]:
    """Plausible values for the README's call example (the right count of list entries)."""
    pairs = []
    for v in variables:
        if v.default is not None:
            continue
        if v.name == "vpc_id":
            value = hcl.string("vpc-0123456789abcdef0")
        elif v.name == "spoke_vpc_ids":
            names = [s.name for s in spokes if s.vpc_id is None]
            value = hcl.value({n: f"vpc-0123456789abcdef{i + 1}" for i, n in enumerate(names)}, 1)
        elif v.example_keys:
            value = hcl.value({"az1": "rtb-0123456789abcdef0", "az2": "rtb-0123456789abcdef1"}, 1)
        else:
            kind = "rtb" if v.name.endswith("_route_table_ids") else "subnet"
            value = hcl.string_list([f"{kind}-0123456789abcdef{i}" for i in range(v.example_count)])
        pairs.append((v.name, value))
    width = max((len(name) for name, _ in pairs), default=0)
    return tuple(Assignment(name.ljust(width), value) for name, value in pairs)


def render_module(
    resolved: ResolvedSpec, spec_path: str, guards: Sequence[RuleGuard]
) -> dict[str, bytes]:
    """file name -> content; `.tf` files are terraform-fmt canonical."""
    module = build_module(resolved, spec_path, guards)
    env = environment()
    files: dict[str, bytes] = {}
    for name, template in _FILES:
        if not module.has(name):
            continue
        text = env.get_template(template).render(module=module)
        text = tidy(text) if name.endswith(".tf") else text.rstrip("\n") + "\n"
        files[name] = text.encode("utf-8")
    return files
