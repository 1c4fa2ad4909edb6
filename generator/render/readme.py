"""README.md of a module: what it creates, how to call it, what it checks, and what a change
to the spec does to it later."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.render.endpoint_services import EndpointService
from generator.render.endpoints import Endpoint, Notification
from generator.render.load_balancers import LoadBalancer
from generator.render.routes import Route
from generator.render.security_groups import SecurityGroup
from generator.render.shared_dns import SharedDns
from generator.render.views import PrefixList
from generator.resolve.model import ResolvedSpec
from generator.spec.endpoint_types import GWLB


@dataclass(frozen=True)
class Created:
    address: str
    what: str


@dataclass(frozen=True)
class GuardRow:
    rule_id: str
    where: str


# Where a guard sits, in the README's words (generator.plan_time.SiteKind).
_SITE_WORDS = {
    "variable": "input validation",
    "subnets": "subnet read (postcondition)",
    "endpoint": "endpoint precondition",
    "endpoint_service": "endpoint service precondition",
    "verification_record": "TXT record precondition",
    "routes": "route precondition",
    "region": "provider Region (postcondition)",
    "check": "check block (warning)",
}


def created(
    endpoints: Iterable[tuple[Endpoint, Notification | None]],
    prefix_lists: Iterable[PrefixList],
    groups: Iterable[SecurityGroup],
    routes: Iterable[Route],
    services: Iterable[EndpointService],
    balancers: Iterable[LoadBalancer] = (),
) -> tuple[Created, ...]:
    """Every resource the module creates, in file order."""
    rows: list[Created] = []
    for pl in prefix_lists:
        rows.append(
            Created(
                f"aws_ec2_managed_prefix_list.{pl.ident}",
                f"the VPC's {pl.family} CIDR blocks, for rules that allow the VPC",
            )
        )
    for sg in groups:
        rows.append(Created(f"aws_security_group.{sg.ident}", f"security group '{sg.name}'"))
        for rules in sg.rule_sets:
            rows.append(
                Created(
                    f"aws_vpc_security_group_{rules.direction}_rule.{sg.ident}",
                    f"its {rules.direction} rules, one per protocol, ports and peer",
                )
            )
    for ep, notification in endpoints:
        rows.append(Created(f"aws_vpc_endpoint.{ep.ident}", ep.comment.split(": ", 1)[-1]))
        if ep.trigger:
            rows.append(
                Created(
                    f"terraform_data.{ep.trigger.ident}",
                    "what AWS cannot change in place on it (a change replaces the endpoint)",
                )
            )
        if notification:
            rows.append(
                Created(
                    f"aws_vpc_endpoint_connection_notification.{notification.ident}",
                    "its connection notifications, one per SNS topic",
                )
            )
    for r in routes:
        rows.append(Created(f"aws_route.{r.ident}", r.comment.split(": ", 1)[-1]))
    for lb in balancers:
        rows += _load_balancer_rows(lb)
    for s in services:
        rows.append(Created(f"aws_vpc_endpoint_service.{s.ident}", f"endpoint service '{s.key}'"))
        if s.allowed_principals:
            rows.append(
                Created(
                    f"aws_vpc_endpoint_service_allowed_principal.{s.ident}",
                    f"{len(s.allowed_principals)} principal(s) allowed to connect",
                )
            )
        if s.verification:
            rows.append(
                Created(
                    f"aws_route53_record.{s.ident}_verification",
                    f"TXT record proving ownership of {s.verification.dns_name}",
                )
            )
            rows.append(
                Created(
                    f"aws_vpc_endpoint_service_private_dns_verification.{s.ident}_verified",
                    "starts domain verification and waits for it",
                )
            )
        if s.accept_endpoints:
            rows.append(
                Created(
                    f"aws_vpc_endpoint_connection_accepter.{s.ident}",
                    f"accepts {len(s.accept_endpoints)} consumer endpoint(s)",
                )
            )
        if s.notification:
            rows.append(
                Created(
                    f"aws_vpc_endpoint_connection_notification.{s.notification.ident}",
                    "connection notifications of the service, one per SNS topic",
                )
            )
    return tuple(rows)


def _load_balancer_rows(lb: LoadBalancer) -> list[Created]:
    rows = [
        Created(
            f"aws_lb.{lb.ident}", f"internal Network Load Balancer of endpoint service '{lb.key}'"
        )
    ]
    for tg in lb.target_groups:
        rows.append(
            Created(
                f"aws_lb_target_group.{tg.ident}",
                f"target group '{tg.name}' ({tg.protocol} {tg.port}, {tg.target_type} targets"
                + (", Proxy Protocol v2)" if tg.proxy_protocol_v2 else ")"),
            )
        )
    for lst in lb.listeners:
        rows.append(
            Created(f"aws_lb_listener.{lst.ident}", f"{lst.protocol} listener on port {lst.port}")
        )
    for tg in lb.target_groups:
        if tg.targets:
            rows.append(
                Created(
                    f"aws_lb_target_group_attachment.{tg.ident}",
                    f"registers {len(tg.targets)} target(s) in group '{tg.name}'",
                )
            )
    return rows


def created_shared(dns: SharedDns) -> tuple[Created, ...]:
    """The resources of shared_dns.tf, in file order."""
    rows: list[Created] = []
    if dns.zones:
        rows.append(
            Created(
                "aws_route53_zone.shared",
                "private hosted zones for the shared endpoints' DNS names, in this VPC",
            )
        )
        rows.append(
            Created("aws_route53_record.shared", "alias records to the endpoints, per name")
        )
    for s in dns.spokes:
        if s.provider:
            rows.append(
                Created(
                    f"aws_route53_vpc_association_authorization.{s.ident}",
                    f"authorises spoke '{s.name}' (account {s.account_id}) for each zone",
                )
            )
        where = f" (with `{s.provider}`)" if s.provider else ""
        rows.append(
            Created(
                f"aws_route53_zone_association.{s.ident}",
                f"the zones associated with spoke '{s.name}'{where}",
            )
        )
    if dns.resolver:
        ident = dns.resolver.ident
        rows.append(
            Created(
                f"aws_security_group.{ident}_resolver",
                "security group of the Resolver inbound endpoint",
            )
        )
        rows.append(
            Created(
                f"aws_vpc_security_group_ingress_rule.{ident}_resolver",
                "DNS (TCP and UDP 53) from each on-premises CIDR block",
            )
        )
        rows.append(
            Created(
                f"aws_route53_resolver_endpoint.{ident}",
                "Route 53 Resolver inbound endpoint for on-premises DNS servers",
            )
        )
    return tuple(rows)


def guard_rows(rules: Mapping[str, set[str]]) -> tuple[GuardRow, ...]:
    return tuple(
        GuardRow(rule_id, ", ".join(sorted(_SITE_WORDS[s] for s in sites)))
        for rule_id, sites in sorted(rules.items())
    )


def day2(resolved: ResolvedSpec, *, has_routes: bool, reads_network: bool) -> tuple[str, ...]:
    """What a later change to the spec (or to the inputs) does, for what this module holds."""
    lines = [
        "Adding or removing an endpoint creates or destroys only that endpoint and what "
        "belongs to it.",
        "Changing a policy or tags updates in place.",
    ]
    if resolved.security_groups:
        lines.append(
            "Changing a security group's description (or the module name, or the VPC) "
            "replaces the group: the new one is created first (`name_prefix`, "
            "`create_before_destroy`), endpoints move to it in place, then the old one is "
            "deleted. Its rules are replaced with it."
        )
    if any(ep.subnet_group and ep.kind.takes("security_groups") for ep in resolved.endpoints):
        lines.append(
            "Adding or removing a subnet (an Availability Zone) of an interface endpoint "
            "updates it in place. Changing its `ip_address_type` to or from `ipv6` replaces "
            "it (AWS cannot convert it): destroyed first, so plan a short interruption."
        )
    if resolved.endpoints_of(GWLB):
        lines.append(
            "Moving a Gateway Load Balancer endpoint to another subnet, or changing its "
            "`ip_address_type` to or from `ipv6`, replaces it; its routes follow to the new "
            "endpoint in place."
        )
    if has_routes:
        lines.append(
            "Routes are keyed by route table: its ID, or the key of the input map. Adding, "
            "removing or reordering tables touches no other table's route. A route is "
            "created only once its endpoint is `available` (accepted by the service "
            "owner); until then the apply stops at the route's guard, and the next apply "
            "after acceptance creates it."
        )
    if any(svc.private_dns_name for _, svc in resolved.endpoint_services):
        lines.append(
            "Renaming an endpoint service's private DNS name takes two applies: the first "
            "sets the name (AWS issues a new token, and a check warns that the TXT record is "
            "out of date), the second publishes the new record and verifies again, waiting "
            "for it."
        )
    if resolved.endpoint_services:
        lines.append(
            "Removing `private_dns_name` from the spec does not remove it from the service "
            "(the provider never does): a check warns while it is still there and prints "
            "the command that removes it."
        )
    if any(svc.network_load_balancer for _, svc in resolved.endpoint_services):
        lines.append(
            "The endpoint service's own load balancer: adding a subnet, or changing listeners, "
            "health checks or attributes, updates in place. Renaming it, removing a subnet, or "
            "a change of `internal` replaces it, and AWS refuses to delete a load balancer an "
            "endpoint service still uses: add the new one to the service first. A target "
            "group's new port, protocol or target type replaces the group; without a `name` "
            "in the spec the new group is created first and the listener moves to it."
        )
    if reads_network:
        lines.append(
            "Guards that read the VPC or subnets see them as they are before the apply. If "
            "the same apply also changes them (turns on DNS hostnames, adds an IPv6 block to "
            "a subnet), apply that change first, then this module; when the root module "
            "creates the VPC and subnets in the same apply, Terraform checks those guards at "
            "apply time instead."
        )
    return tuple(lines)
