"""What the endpoint families share: an endpoint's service identity, the custom service-name
pattern, and how findings name endpoints (grouping hits that land on one `defaults` entry)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.loader.source import Path
from generator.resolve.services import AWS_SERVICE_NAME
from generator.rules.base import Context
from generator.spec.endpoint_types import GATEWAY
from generator.spec.models import EndpointBase

# Endpoint services of other accounts / AWS Marketplace; `cn.` is the China partition prefix
# (generator/spec/regions.json, `endpoint_service_prefix`).
CUSTOM_NAME = re.compile(
    r"(?P<prefix>(?:cn\.)?com\.amazonaws\.vpce)\.(?P<region>[^.]+)\.(?P<id>vpce-svc-(?P<hex>.*))"
)
REGION_SHAPE = re.compile(r"[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}")
GATEWAY_SERVICES = frozenset({"s3", "dynamodb", "s3express"})


def is_custom(ep: EndpointBase) -> bool:
    """An endpoint service of another account or AWS Marketplace (any partition's prefix)."""
    return bool(
        ep.service_name
        and ep.service_name.startswith(("com.amazonaws.vpce.", "cn.com.amazonaws.vpce."))
    )


def name_region(service_name: str) -> str | None:
    """The Region embedded in a full service name, for custom and AWS service names."""
    m = CUSTOM_NAME.fullmatch(service_name)
    if m:
        return m["region"] if REGION_SHAPE.fullmatch(m["region"]) else None
    m = AWS_SERVICE_NAME.fullmatch(service_name)
    return m["region"] if m else None


def service_key(ctx: Context, ep: EndpointBase) -> tuple[str, str | None] | None:
    """What an endpoint connects to: (short AWS name or full name, Region), or None."""
    short = ctx.service_short(ep)
    if short is not None:
        return short, ctx.service_home_region(ep)
    if ep.service_name:
        return ep.service_name, name_region(ep.service_name)
    return None


def describe_service(ep: EndpointBase) -> str:
    return ep.service or ep.service_name or "?"


def service_path(name: str, ep: EndpointBase) -> Path:
    return ("endpoints", name, "service" if ep.service else "service_name")


def gateway_capable(ctx: Context, ep: EndpointBase) -> bool | None:
    """Whether the endpoint's AWS service offers gateway endpoints (None: not known)."""
    info = ctx.service_info(ep)
    if info is not None:
        return GATEWAY in info.endpoint_types
    short = ctx.service_short(ep)
    if short is not None and short in GATEWAY_SERVICES:
        return True
    return None


def names(items: Iterable[str]) -> str:
    return ", ".join(f"'{n}'" for n in items)


def group_by_path(items: Iterable[tuple[Path, str]]) -> dict[Path, list[str]]:
    """Endpoint names per path, in first-seen order, so a `defaults` entry that several
    endpoints inherit yields one finding naming them all."""
    out: dict[Path, list[str]] = {}
    for path, name in items:
        bucket = out.setdefault(path, [])
        if name not in bucket:
            bucket.append(name)
    return out


def whose(path: Path, endpoints: list[str]) -> str:
    """'endpoint 'a'' or 'endpoints 'a', 'b' (from defaults)'."""
    who = ("endpoint " if len(endpoints) == 1 else "endpoints ") + names(endpoints)
    if path[:1] == ("defaults",):
        who += f" (from defaults.{path[1]})"
    return who
