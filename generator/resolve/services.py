"""What an endpoint connects to: its AWS service's short name, full name and home Region."""

from __future__ import annotations

import re

from generator.spec.models import EndpointBase

AWS_SERVICE_NAME = re.compile(
    r"(?:cn\.)?com\.amazonaws\.(?P<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)\.(?P<service>[a-z0-9.-]+)"
)
CUSTOM_SERVICE_NAME = re.compile(
    r"(?:cn\.)?com\.amazonaws\.vpce\.(?P<region>[a-z0-9-]+)\.(?P<id>vpce-svc-[0-9a-f]+)"
)
CUSTOM_PREFIX = re.compile(r"(?:cn\.)?com\.amazonaws\.vpce\.")


def service_short(ep: EndpointBase) -> str | None:
    """The AWS service's short name (`ecr.api`), from `service` or a full AWS name."""
    if ep.service:
        return ep.service
    if ep.service_name:
        m = AWS_SERVICE_NAME.fullmatch(ep.service_name)
        if m and not CUSTOM_SERVICE_NAME.fullmatch(ep.service_name):
            return m["service"]
    return None


def is_custom_service(ep: EndpointBase) -> bool:
    """An endpoint service of another account or AWS Marketplace (com.amazonaws.vpce.*)."""
    return bool(ep.service_name and CUSTOM_PREFIX.match(ep.service_name))


def service_home_region(ep: EndpointBase, spec_region: str) -> str | None:
    """The Region the endpoint's service lives in (from its name, service_region, or VPC)."""
    if ep.service_name:
        m = CUSTOM_SERVICE_NAME.fullmatch(ep.service_name) or AWS_SERVICE_NAME.fullmatch(
            ep.service_name
        )
        return m["region"] if m else None
    return ep.service_region or spec_region


def full_service_name(ep: EndpointBase, spec_region: str) -> str | None:
    """The service name the module sends: as written, or built from `service` and the Region
    (the partition's naming; a global name for cross-Region endpoints to global services)."""
    if ep.service_name:
        return ep.service_name
    if not ep.service:
        return None
    from generator.services.catalog import load_catalog
    from generator.spec.regions import load_regions

    info = load_catalog().get(ep.service)
    region = ep.service_region or spec_region
    if info is not None and info.global_name and ep.service_region not in (None, spec_region):
        return info.global_name
    name = load_regions().aws_service_name(region, ep.service)
    return name or f"com.amazonaws.{region}.{ep.service}"


def full_access_only(ep: EndpointBase) -> bool:
    """Whether AWS accepts only the full-access policy on an endpoint to this service: endpoint
    services that are not AWS services ("we allow full access to the endpoint"; EC2 answers
    "Service ... only supports the full-access endpoint policy"), and AWS services the catalog
    marks as not supporting endpoint policies or accepting only the full-access one."""
    if is_custom_service(ep):
        return True
    short = service_short(ep)
    if short is None:
        return False
    from generator.services.catalog import load_catalog

    info = load_catalog().get(short)
    return info is not None and info.policy in ("no", "full-access-only")
