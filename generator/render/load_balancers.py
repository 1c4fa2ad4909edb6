"""load_balancers.tf: an endpoint service's own Network Load Balancer, its target groups,
listeners and registered targets (spec `endpoint_services.<key>.network_load_balancer`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import checkov, hcl
from generator.render.refs import Refs
from generator.resolve.load_balancers import nlb_name
from generator.spec.models import HealthCheck, NetworkLoadBalancer

# A TLS listener's security policy when the spec names none: TLS 1.3 and 1.2 only, the policy
# the ELB console recommends. The provider's own default (ELBSecurityPolicy-2016-08) still
# accepts TLS 1.0.
DEFAULT_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"


@dataclass(frozen=True)
class TargetView:
    key: str  # the for_each key: the target ID, with ":<port>" when the port is overridden
    target_id: str
    port: int | None
    availability_zone: str | None


@dataclass(frozen=True)
class TargetGroupView:
    ident: str
    name: str  # the spec's key
    aws_name: str | None  # the `name` argument; None: the provider makes a unique one
    target_type: str
    port: int
    protocol: str
    ip_address_type: str | None
    vpc_id_expr: str
    proxy_protocol_v2: bool
    preserve_client_ip: bool | None
    deregistration_delay: int | None
    health_check: HealthCheck | None
    targets: tuple[TargetView, ...]
    tags_expr: str

    @property
    def attributes(self) -> bool:
        """alb target groups take no attributes: "When the target group type is alb, you
        can't modify the target group attributes" (ELB guide, Application Load Balancer
        targets)."""
        return self.target_type != "alb"


@dataclass(frozen=True)
class ListenerView:
    ident: str
    port: int
    protocol: str
    target_group_ident: str
    certificate_arn: str | None
    ssl_policy: str | None
    tags_expr: str


@dataclass(frozen=True)
class LoadBalancer:
    ident: str
    key: str  # the endpoint service's key
    name: str
    subnets_expr: str
    ip_address_type: str
    security_groups_expr: str | None
    enforce_private_link: str | None  # "on" | "off"
    cross_zone: bool
    deletion_protection: bool
    access_logs_bucket: str | None
    access_logs_prefix: str | None
    access_logs_enabled: bool
    tags_expr: str
    skips: tuple[tuple[str, str], ...]
    target_groups: tuple[TargetGroupView, ...]
    listeners: tuple[ListenerView, ...]

    @property
    def arn_expr(self) -> str:
        return f"aws_lb.{self.ident}.arn"


def load_balancer(refs: Refs, key: str, nlb: NetworkLoadBalancer) -> LoadBalancer:
    ident = hcl.identifier(key)
    groups = tuple(_target_group(refs, key, ident, name, nlb) for name in sorted(nlb.target_groups))
    listeners = tuple(
        ListenerView(
            ident=f"{ident}_{lst.port}",
            port=lst.port,
            protocol=lst.protocol,
            target_group_ident=f"{ident}_{hcl.identifier(lst.target_group)}",
            certificate_arn=lst.certificate_arn,
            ssl_policy=lst.ssl_policy or (DEFAULT_TLS_POLICY if lst.protocol == "TLS" else None),
            tags_expr=refs.tags(f"{key}-{lst.protocol.lower()}-{lst.port}", {}),
        )
        for lst in sorted(nlb.listeners, key=lambda lst: lst.port)
    )
    logs = nlb.access_logs
    return LoadBalancer(
        ident=ident,
        key=key,
        name=nlb_name(refs.resolved.name, key, nlb),
        subnets_expr=refs.subnet_ids(nlb.subnet_group),
        ip_address_type=nlb.ip_address_type,
        security_groups_expr=(
            refs.security_group_ids(nlb.security_groups) if nlb.security_groups else None
        ),
        enforce_private_link=(
            None
            if nlb.enforce_security_group_inbound_rules_on_private_link_traffic is None
            else (
                "on" if nlb.enforce_security_group_inbound_rules_on_private_link_traffic else "off"
            )
        ),
        cross_zone=nlb.cross_zone_load_balancing,
        deletion_protection=nlb.deletion_protection,
        access_logs_bucket=logs.bucket if logs else None,
        access_logs_prefix=logs.prefix if logs else None,
        access_logs_enabled=bool(logs and logs.enabled),
        tags_expr=refs.tags(key, nlb.tags),
        skips=checkov.load_balancer_skips(refs.resolved.spec, key, nlb),
        target_groups=groups,
        listeners=listeners,
    )


def _target_group(
    refs: Refs, key: str, ident: str, name: str, nlb: NetworkLoadBalancer
) -> TargetGroupView:
    tg = nlb.target_groups[name]
    targets = tuple(
        TargetView(
            key=t.id if t.port is None else f"{t.id}:{t.port}",
            target_id=t.id,
            port=t.port,
            availability_zone=t.availability_zone,
        )
        for t in sorted(tg.targets or [], key=lambda t: (t.id, t.port or 0))
    )
    return TargetGroupView(
        ident=f"{ident}_{hcl.identifier(name)}",
        name=name,
        aws_name=tg.name,
        target_type=tg.target_type,
        port=tg.port,
        protocol=tg.protocol,
        ip_address_type=tg.ip_address_type,
        vpc_id_expr=refs.vpc_id,
        proxy_protocol_v2=tg.proxy_protocol_v2,
        preserve_client_ip=tg.preserve_client_ip,
        deregistration_delay=tg.deregistration_delay,
        health_check=tg.health_check,
        targets=targets,
        tags_expr=refs.tags(f"{key}-{name}", tg.tags),
    )
