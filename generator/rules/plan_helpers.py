"""What the rules' plan-time guards share (generator.plan_time): the input ID formats, the
message form, and which endpoints place network interfaces in a subnet group."""

from __future__ import annotations

from collections.abc import Iterator

from generator.plan_time import ModuleRefs
from generator.render import hcl
from generator.resolve.model import ResolvedEndpoint
from generator.spec.endpoint_types import GWLB, INTERFACE

ID_PATTERNS = {
    "vpc_id": ("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", "VPC ID (vpc-...)"),
    "subnet_ids": ("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", "subnet ID (subnet-...)"),
    "route_table_ids": ("^rtb-([0-9a-f]{8}|[0-9a-f]{17})$", "route table ID (rtb-...)"),
    "vpc_ids": ("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", "VPC ID (vpc-...)"),
}


def message(rule_id: str, text: str) -> str:
    """An assertion's error message: an HCL string that starts with the rule ID."""
    return hcl.string(f"{rule_id}: {text}")


def subnet_endpoints(refs: ModuleRefs) -> Iterator[tuple[ResolvedEndpoint, str]]:
    """Endpoints that place network interfaces in a subnet group, with the group."""
    for ep in refs.resolved.endpoints:
        if ep.subnet_group:
            yield ep, ep.subnet_group


def same_region_service(ep: ResolvedEndpoint) -> bool:
    """The endpoint's service can be read in the module's Region (interface and GWLB)."""
    return (
        ep.type in (INTERFACE, GWLB)
        and not ep.cross_region
        and bool(ep.model.service or ep.model.service_name)
    )
