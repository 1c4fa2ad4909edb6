"""endpoint_services.tf: endpoint services, allowed principals, domain verification, accepted
endpoints and connection notifications."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.render import checkov, hcl
from generator.render.endpoints import Notification, notification
from generator.render.load_balancers import LoadBalancer
from generator.render.refs import Refs
from generator.render.views import Condition
from generator.spec.models import EndpointService as ServiceModel


@dataclass(frozen=True)
class Verification:
    zone_id: str
    dns_name: str


@dataclass
class EndpointService:
    ident: str
    key: str
    acceptance_required: bool
    network_load_balancer_arns: tuple[str, ...]
    load_balancer_arn_expr: str | None  # the module's own NLB (aws_lb.<key>.arn)
    gateway_load_balancer_arns: tuple[str, ...]
    private_dns_name: str | None
    supported_ip_address_types: tuple[str, ...]
    supported_regions: tuple[str, ...]
    tags_expr: str
    skips: tuple[tuple[str, str], ...]
    allowed_principals: tuple[str, ...]
    verification: Verification | None
    accept_endpoints: tuple[str, ...]
    notification: Notification | None
    preconditions: list[Condition] = field(default_factory=list)
    record_preconditions: list[Condition] = field(default_factory=list)


def endpoint_service(
    refs: Refs, key: str, svc: ServiceModel, own_lb: LoadBalancer | None = None
) -> EndpointService:
    ident = hcl.identifier(key)
    verification = None
    if svc.private_dns_name and svc.private_dns_verification:
        verification = Verification(
            svc.private_dns_verification.route53_zone_id, svc.private_dns_name
        )
    return EndpointService(
        ident=ident,
        key=key,
        acceptance_required=svc.acceptance_required,
        network_load_balancer_arns=tuple(svc.network_load_balancer_arns or ()),
        load_balancer_arn_expr=own_lb.arn_expr if own_lb else None,
        gateway_load_balancer_arns=tuple(svc.gateway_load_balancer_arns or ()),
        private_dns_name=svc.private_dns_name,
        supported_ip_address_types=tuple(
            sorted({t.lower() for t in svc.supported_ip_address_types or ()})
        ),
        supported_regions=_supported_regions(svc.supported_regions, refs.resolved.region),
        tags_expr=refs.tags(key, svc.tags),
        skips=checkov.endpoint_service_skips(refs.resolved.spec, key, svc),
        allowed_principals=tuple(sorted(set(svc.allowed_principals))),
        verification=verification,
        accept_endpoints=tuple(sorted(set(svc.accept_endpoints))),
        notification=(
            notification(
                ident,
                f"{key}: connection notifications.",
                "vpc_endpoint_service_id",
                f"aws_vpc_endpoint_service.{ident}.id",
                svc.connection_notifications,
            )
            if svc.connection_notifications
            else None
        ),
    )


def _supported_regions(regions: list[str] | None, home: str) -> tuple[str, ...]:
    """The Regions to render, always with the service's own Region when the list is set.

    AWS lists the home Region in SupportedRegions whether or not it was asked for (the
    provider's acceptance test TestAccVPCEndpointService_basic sets no supported_regions and
    reads back one Region, the provider's), and the provider sends the set as written, so a
    list without it would plan a change on every run.
    """
    if not regions:
        return ()
    return tuple(sorted({*regions, home}))
