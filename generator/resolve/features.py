"""Provider features a module uses, and the lowest hashicorp/aws release that has each.

Every entry quotes its source (the provider's CHANGELOG or PR). The module's `versions.tf`
asks for the highest floor among the features it uses, below the next major release; a spec
that pins an older provider than its features need is an error (rule SPEC011).
docs/provider-floor.md has the wider table these come from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.spec.endpoint_types import GATEWAY
from generator.spec.models import Spec

if TYPE_CHECKING:
    from generator.resolve.model import ResolvedEndpoint

Version = tuple[int, int, int]


@dataclass(frozen=True)
class Feature:
    name: str
    floor: Version
    what: str  # what in the module needs it
    source: str


# Everything a module emits is in 6.0.0 (the per-resource `region` and data "aws_region"'s
# `region` attribute, which the Region guard reads, arrived there); these need more.
BASE = Feature(
    "aws-provider-6",
    (6, 0, 0),
    "the 6.x resource schemas (data.aws_region.region, per-resource region)",
    "hashicorp/aws CHANGELOG 6.0.0: Enhanced Region Support",
)
NEXT_MAJOR: Version = (7, 0, 0)  # a major release may change any schema: stay below it
FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature(
            "private_dns_preference",
            (6, 28, 0),
            "dns_options.private_dns_preference / private_dns_specified_domains",
            'hashicorp/aws CHANGELOG 6.28.0: "resource/aws_vpc_endpoint: Add '
            "`dns_options.private_dns_preference` and `dns_options.private_dns_specified_domains`"
            ' arguments (#45679)"',
        ),
        Feature(
            "gateway_dns_options",
            (6, 28, 0),
            "dns_options on a gateway endpoint",
            'hashicorp/aws CHANGELOG 6.28.0 bug fix: "Fix \\"InvalidParameter: DnsOptions '
            "PrivateDnsOnlyForInboundResolverEndpoint is applicable only to Interface VPC "
            'Endpoints\\" error when creating S3 gateway VPC endpoint with IPv6 enabled (#45849)"'
            " (issue #45846): older releases send the option and AWS rejects the endpoint",
        ),
    )
}


def used_by(spec: Spec, endpoints: Iterable[ResolvedEndpoint]) -> frozenset[str]:
    used: set[str] = set()
    for ep in endpoints:
        dns = ep.dns
        if dns is None:
            continue
        if dns.private_dns_preference or dns.private_dns_specified_domains:
            used.add("private_dns_preference")
        if ep.kind.name == GATEWAY and dns.record_ip_type:
            used.add("gateway_dns_options")
    return frozenset(used)


def floor(features: Iterable[str]) -> Version:
    return max([BASE.floor, *(FEATURES[f].floor for f in features)])


def needing(features: Iterable[str], version: Version) -> list[Feature]:
    """The features that `version` is too old for."""
    return [FEATURES[f] for f in sorted(features) if FEATURES[f].floor > version]


def text(version: Version) -> str:
    return ".".join(map(str, version))
