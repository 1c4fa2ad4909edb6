"""outputs.tf: per endpoint the attributes its type has, per endpoint service its names."""

from __future__ import annotations

from generator.render import hcl
from generator.render.views import Output
from generator.resolve.model import ResolvedSpec


def _what(labels: list[str]) -> str:
    return ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else labels[0]


def outputs(resolved: ResolvedSpec) -> list[Output]:
    outs: list[Output] = []
    for ep in resolved.endpoints:
        ident = hcl.identifier(ep.key)
        ref = f"aws_vpc_endpoint.{ident}"
        items = ep.kind.outputs
        outs.append(
            Output(
                f"endpoint_{ident}",
                f"Endpoint '{ep.key}' ({ep.type}): {_what([o.label for o in items])}.",
                tuple((o.name, f"{ref}.{o.attribute}") for o in items),
            )
        )
    for key, svc in resolved.endpoint_services:
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
        outs.append(
            Output(f"endpoint_service_{ident}", f"Endpoint service '{key}': {what}.", tuple(fields))
        )
    for key, svc in resolved.endpoint_services:
        nlb = svc.network_load_balancer
        if nlb is None:
            continue
        ident = hcl.identifier(key)
        groups = (
            "{ "
            + ", ".join(
                f"{hcl.key(name)} = aws_lb_target_group.{ident}_{hcl.identifier(name)}.arn"
                for name in sorted(nlb.target_groups)
            )
            + " }"
        )
        outs.append(
            Output(
                f"load_balancer_{ident}",
                f"Network Load Balancer of endpoint service '{key}': ARN, DNS name, and the "
                "target group ARNs by name (register targets the spec leaves out with them).",
                (
                    ("arn", f"aws_lb.{ident}.arn"),
                    ("dns_name", f"aws_lb.{ident}.dns_name"),
                    ("target_group_arns", groups),
                ),
            )
        )
    zones = resolved.shared_zones
    if zones:
        outs.append(
            Output(
                "shared_zone_ids",
                "IDs of the private hosted zones of the shared endpoints, by DNS name "
                "(associate further VPCs with them).",
                tuple(
                    (hcl.string(z.name), f"aws_route53_zone.shared[{hcl.string(z.name)}].zone_id")
                    for z in zones
                ),
            )
        )
    sharing = resolved.spec.sharing
    if sharing is not None and sharing.inbound_resolver is not None:
        ref = "aws_route53_resolver_endpoint.inbound"
        outs.append(
            Output(
                "inbound_resolver",
                "The Route 53 Resolver inbound endpoint: its ID and the IP addresses "
                "on-premises DNS servers forward the shared names to.",
                (("id", f"{ref}.id"), ("ip_addresses", f"[for a in {ref}.ip_address : a.ip]")),
            )
        )
    if resolved.security_groups:
        outs.append(
            Output(
                "security_group_ids",
                "IDs of the security groups, by name.",
                tuple(
                    (hcl.key(g.name), f"aws_security_group.{hcl.identifier(g.name)}.id")
                    for g in resolved.security_groups
                ),
            )
        )
    return outs
