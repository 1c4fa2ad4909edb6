"""What sharing an interface endpoint makes: the DNS names of its service, grouped into the
private hosted zones that answer them, and the spokes those zones are associated with.

A shared endpoint has private DNS off; the module creates, per DNS name of the service, a
private hosted zone with alias records to the endpoint's Regional DNS name (AWS whitepaper
"Building a Scalable and Secure Multi-VPC AWS Network Infrastructure", centralized access to
VPC private endpoints: "create a Route 53 PHZ and add an alias record with the full AWS service
endpoint name pointing to the interface endpoint").
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.spec.models import Spec

# The zones an AWS service's names need: (zone name, records in it), where "" is the zone apex
# and "*" the wildcard below it. `{region}` and `{suffix}` (amazonaws.com, amazonaws.com.cn)
# are filled in. Services not listed answer on `<service>.<region>.<suffix>` alone; a plan-time
# check compares the zones with the service's own `private_dns_names` (rule SH001).
#  - ecr.api: "When connecting to Amazon ECR through an AWS PrivateLink VPC endpoint, you must
#    use the api.ecr endpoint" (AWS General Reference, Amazon ECR endpoints and quotas).
#  - ecr.dkr: registry names are <account>.dkr.ecr.<region>.amazonaws.com (Amazon ECR user
#    guide, interface VPC endpoints: com.amazonaws.region.ecr.dkr for Docker Registry API).
#  - s3: buckets, access points and S3 Control are addressed as *.s3, *.s3-accesspoint and
#    *.s3-control names (Amazon S3 user guide, AWS PrivateLink for Amazon S3).
SERVICE_ZONES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "ecr.api": (("api.ecr.{region}.{suffix}", ("",)),),
    "ecr.dkr": (("dkr.ecr.{region}.{suffix}", ("", "*")),),
    "s3": (
        ("s3.{region}.{suffix}", ("", "*")),
        ("s3-accesspoint.{region}.{suffix}", ("*",)),
        ("s3-control.{region}.{suffix}", ("*",)),
    ),
}
_DEFAULT_ZONES = (("{service}.{region}.{suffix}", ("",)),)


@dataclass(frozen=True)
class SharedZone:
    name: str  # the zone's domain, e.g. dkr.ecr.eu-west-1.amazonaws.com
    endpoint: str  # the endpoint key whose Regional DNS name the records alias
    records: tuple[str, ...]  # full record names: the apex and/or *.<zone>


@dataclass(frozen=True)
class ResolvedSpoke:
    name: str
    vpc_id: str | None  # None: from the module input spoke_vpc_ids[name]
    account_id: str | None  # another account than the hub's
    region: str | None  # another Region than the spec's (None: the spec's)

    @property
    def cross_account(self) -> bool:
        return self.account_id is not None


def dns_suffix(spec: Spec) -> str:
    from generator.spec.regions import load_regions

    return load_regions().dns_suffix(spec.partition)


def service_zones(service: str, region: str, suffix: str) -> tuple[SharedZone, ...]:
    """The zones (with their record names) that cover an AWS service's DNS names."""
    out = []
    for template, records in SERVICE_ZONES.get(service, _DEFAULT_ZONES):
        zone = template.format(service=service, region=region, suffix=suffix)
        names = tuple(zone if r == "" else f"{r}.{zone}" for r in records)
        out.append(SharedZone(zone, "", names))
    return tuple(out)


def spokes(spec: Spec) -> tuple[ResolvedSpoke, ...]:
    if spec.sharing is None:
        return ()
    return tuple(
        ResolvedSpoke(
            name=name,
            vpc_id=s.vpc_id,
            account_id=s.account_id,
            region=s.region if s.region and s.region != spec.region else None,
        )
        for name, s in sorted(spec.sharing.spokes.items())
    )
