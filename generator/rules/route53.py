"""R53xxx: Route 53 private hosted zones next to endpoint private DNS.

The spec's own private hosted zones are those of shared endpoints (`shared`, issue 15): one per
service DNS name, associated with the hub VPC and the spokes (generator.resolve.sharing). The
AWS-managed zones that endpoint private DNS creates are covered by the IF rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit
from generator.rules.shared import service_path


def _check_zone_vpc_dns(ctx: Context) -> Iterator[Hit]:
    if not ctx.resolved.shared_zones:
        return
    attrs = (("dns_support", "enableDnsSupport"), ("dns_hostnames", "enableDnsHostnames"))
    vpc = ctx.spec.network.vpc
    for attr, api in attrs:
        if not getattr(vpc, attr):
            yield hit(("network", "vpc", attr), where="the hub VPC", api=api, attr=attr)
    sharing = ctx.spec.sharing
    for name, spoke in sorted((sharing.spokes if sharing else {}).items()):
        for attr, api in attrs:
            if not getattr(spoke, attr):
                yield hit(
                    ("sharing", "spokes", name, attr), where=f"spoke '{name}'", api=api, attr=attr
                )


def _check_zone_conflicts(ctx: Context) -> Iterator[Hit]:
    claimed: dict[str, str] = {}
    for ep in ctx.resolved.endpoints:
        if not ep.shared:
            continue
        path = ep.paths["private_dns"]
        if ep.private_dns and path[-1] == "private_dns":
            yield hit(path, endpoint=ep.key)
        for zone in ep.shared_zones:
            other = claimed.setdefault(zone.name, ep.key)
            if other != ep.key:
                yield hit(
                    service_path(ep.key, ep.model),
                    "twice",
                    endpoint=ep.key,
                    other=other,
                    zone=zone.name,
                )
                break


R53001 = Rule(
    id="R53001",
    name="private-zone-needs-vpc-dns",
    severity=Severity.ERROR,
    summary="Private hosted zones need enableDnsHostnames and enableDnsSupport on each "
    "associated VPC (the hub and every spoke of shared endpoints).",
    message="the shared endpoints' private hosted zones are associated with {where}, whose "
    "{attr} is false: it needs {api}",
    hint="enable {api} on that VPC (and set {attr}: true in the spec), or do not share with it",
    rationale="Without both attributes the VPC's resolver does not answer from private hosted "
    "zones.",
    source=f"R53-PHZ ({sources.R53_PHZ}), as quoted in hashicorp/terraform-provider-aws PR #7589",
    url=sources.R53_PHZ,
    check=_check_zone_vpc_dns,
    status_reason="checked from the attributes the spec asserts for the hub VPC "
    "(network.vpc) and each spoke (sharing.spokes); the AWS-managed zone of endpoint private "
    "DNS has the same prerequisite, which IF009 checks (and guards at plan time), so R53001 "
    "does not report it a second time",
)

R53002 = Rule(
    id="R53002",
    name="own-zone-conflicts-with-private-dns",
    severity=Severity.ERROR,
    summary="Your own private hosted zone for an AWS service domain cannot coexist in a VPC "
    "with endpoint private DNS for that service, nor with a second zone of the same name "
    "(ConflictingDomainExists).",
    message="endpoint '{endpoint}' is shared, so the module creates its own private hosted "
    "zones for its names; private DNS on the endpoint would associate a second zone for the "
    "same names with the VPC",
    hint="remove private_dns: true from '{endpoint}' (a shared endpoint has it off)",
    variants=(
        Variant(
            "twice",
            "shared endpoints '{other}' and '{endpoint}' both need zone {zone}; one VPC "
            "cannot take two private hosted zones for the same name",
            "share one endpoint per service; remove `shared` from '{endpoint}' (and keep its "
            "private DNS off)",
        ),
    ),
    rationale="Endpoint private DNS associates an AWS-managed zone for the service domain with "
    "the VPC; a second zone for the same name cannot be associated.",
    source=f"I-PHZ ({sources.I_PHZ}, ConflictingDomainExists); AWS whitepaper, centralized "
    f'access to VPC private endpoints ({sources.WP_CENTRAL}): "disable the option to '
    'automatically create private DNS when an interface endpoint is created"',
    url=sources.I_PHZ,
    check=_check_zone_conflicts,
    status_reason="checked for the zones the module creates (shared endpoints); zones made "
    "outside the module are unknown (two endpoints with private DNS for one service are "
    "IF011)",
)

R53003 = Rule(
    id="R53003",
    name="custom-name-to-endpoint-dns",
    severity=Severity.INFO,
    summary="For custom names, point a record at the endpoint's Regional DNS entry "
    "(`dns_entry[0].dns_name`, or an alias with `dns_entry[0].hosted_zone_id`).",
    message="-",
    hint="-",
    rationale="The endpoint's DNS names are assigned by AWS at creation.",
    source=f"TF-VPCE-DOC ({sources.TF_VPCE_DOC}, 'Non-AWS Service' example)",
    url=sources.TF_VPCE_DOC,
    status=Status.RENDERED,
    status_reason="the renderer outputs each interface endpoint's dns_entry (dns_name and "
    "hosted_zone_id) so callers can create such records; the module creates none itself",
)

RULES: tuple[Rule, ...] = (R53001, R53002, R53003)
