"""Build the resolved spec from a loaded, validated spec."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.loader.load import LoadedSpec
from generator.loader.source import Path, child, is_missing
from generator.policy_document import resolve_policy
from generator.resolve import canonical, services, sharing
from generator.resolve import features as feature_table
from generator.resolve.model import ResolvedEndpoint, ResolvedSecurityGroup, ResolvedSpec
from generator.resolve.security_groups import expand
from generator.spec.endpoint_types import INTERFACE, kind
from generator.spec.models import EndpointBase, Spec

# Endpoint fields `defaults.<type>` can set (the rest are read from the endpoint only).
_DEFAULTED = (
    "subnet_group",
    "security_groups",
    "route_table_groups",
    "private_dns",
    "ip_address_type",
    "dns",
    "policy",
    "shared",
)


def written(data: Any, path: Path) -> bool:
    """Whether the user wrote a value at `path` (defaults do not count)."""
    node = data
    for elem in path:
        node = child(node, elem)
        if is_missing(node):
            return False
    return True


def effective(loaded: LoadedSpec, spec: Spec, name: str, field_name: str) -> tuple[Any, Path]:
    """An endpoint field after `defaults` apply, with the path that set it.

    The path points at the endpoint's own key when set there, else at the defaults entry,
    else at the endpoint itself (the value is then the language default, usually None).
    """
    ep = spec.endpoints[name]
    own = ("endpoints", name, field_name)
    if written(loaded.data, own):
        return getattr(ep, field_name), own
    defaults = spec.defaults.for_type(ep.type)
    model_fields = type(defaults).model_fields
    if field_name in model_fields:
        alias = model_fields[field_name].alias or field_name
        dpath: Path = ("defaults", ep.type, alias)
        if written(loaded.data, dpath):
            return getattr(defaults, field_name), dpath
    return getattr(ep, field_name), ("endpoints", name)


def _endpoint(loaded: LoadedSpec, spec: Spec, key: str) -> ResolvedEndpoint:
    ep = spec.endpoints[key]
    k = kind(ep.type)
    values: dict[str, Any] = {}
    paths: dict[str, Path] = {}
    for field_name in _DEFAULTED:
        values[field_name], paths[field_name] = effective(loaded, spec, key, field_name)
    shared = bool(values["shared"]) and k.takes("shared")
    private_dns = values["private_dns"]
    if private_dns is None:  # SPEC.md: on by default for interface endpoints to AWS services
        # ...but off on a shared endpoint: its own private hosted zones answer the names.
        private_dns = k.name == INTERFACE and ep.service is not None and not shared
    policy = resolve_policy(loaded, paths["policy"], key) if values["policy"] else None
    if policy is not None and paths["policy"][0] == "defaults" and services.full_access_only(ep):
        # A type-wide default is not sent to a service that takes only full access (AWS would
        # reject it); POL005 / POL006 say so. The endpoint keeps AWS's default policy.
        policy = None
    ip_type = values["ip_address_type"]
    return ResolvedEndpoint(
        key=key,
        kind=k,
        model=ep,
        service_short=services.service_short(ep),
        service_name=services.full_service_name(ep, spec.region),
        custom_service=services.is_custom_service(ep),
        cross_region=bool(ep.service_region and ep.service_region != spec.region),
        subnet_group=values["subnet_group"] if k.takes("subnet_group") else None,
        security_groups=tuple(values["security_groups"] or ()),
        route_table_groups=tuple(values["route_table_groups"] or ()),
        private_dns=bool(private_dns),
        ip_address_type=ip_type.lower() if isinstance(ip_type, str) else None,
        dns=values["dns"],
        policy=policy,
        shared=shared,
        shared_zones=_shared_zones(spec, ep, key) if shared else (),
        paths=paths,
        routes=tuple((r.route_table_group, canonical.cidr(r.destination)) for r in ep.routes or ()),
        addresses={
            az: (canonical.address(a.ipv4), canonical.address(a.ipv6))
            for az, a in (ep.addresses or {}).items()
        },
    )


def _shared_zones(spec: Spec, ep: EndpointBase, key: str) -> tuple[sharing.SharedZone, ...]:
    """The zones a shared endpoint's names need; none when vpcegen cannot know its names (an
    endpoint service of another account, a cross-Region endpoint, an AWS service without a
    private DNS name: rule SH001 reports those)."""
    short = services.service_short(ep)
    if short is None or services.is_custom_service(ep):
        return ()
    if ep.service_region and ep.service_region != spec.region:
        return ()
    from generator.services.catalog import load_catalog

    info = load_catalog().get(short)
    if info is not None and info.private_dns == "no":
        return ()
    zones = sharing.service_zones(short, spec.region, sharing.dns_suffix(spec))
    return tuple(replace(z, endpoint=key) for z in zones)


def resolve(loaded: LoadedSpec) -> ResolvedSpec:
    """The resolved spec of a loaded spec (which must have a model: `loaded.spec`), built on
    first use and kept with it, so the rules and the renderer share one."""
    if loaded.resolved is None:
        loaded.resolved = _build(loaded)
    return loaded.resolved


def _build(loaded: LoadedSpec) -> ResolvedSpec:
    spec = loaded.spec
    assert spec is not None
    endpoints = tuple(_endpoint(loaded, spec, key) for key in sorted(spec.endpoints))
    attached = {
        sg for ep in endpoints if ep.kind.takes("security_groups") for sg in ep.security_groups
    }
    attached |= {  # the groups of an endpoint service's own load balancer
        sg
        for svc in spec.endpoint_services.values()
        if svc.network_load_balancer is not None
        for sg in svc.network_load_balancer.security_groups or ()
    }
    vpc = spec.network.vpc
    groups = tuple(
        ResolvedSecurityGroup(
            name=name,
            model=group,
            description=group.description or f"Managed by vpcegen for module {spec.name}",
            attached=name in attached,
            ingress=expand(name, group, "ingress", vpc),
            egress=expand(name, group, "egress", vpc),
        )
        for name, group in sorted(spec.security_groups.items())
    )
    return ResolvedSpec(
        loaded=loaded,
        spec=spec,
        endpoints=endpoints,
        security_groups=groups,
        features=feature_table.used_by(spec, endpoints),
        spokes=sharing.spokes(spec),
    )
