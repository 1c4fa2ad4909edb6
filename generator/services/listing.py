"""Render the service catalog for ``vpcegen services`` (text table or JSON)."""

from __future__ import annotations

import json
from typing import Any, Literal

from generator.services.catalog import ENDPOINT_TYPES, FACTS, ServiceCatalog, ServiceInfo

__all__ = ["render_services"]

_HEADERS = ("NAME", "TYPES", "POLICY", "PRIVATE DNS", "PORTS", "CROSS-REGION", "IPV6")


def _selected(catalog: ServiceCatalog, endpoint_type: str | None) -> list[ServiceInfo]:
    services = catalog.all()
    if endpoint_type is None:
        return services
    wanted = endpoint_type.strip().lower()
    if wanted not in ENDPOINT_TYPES:
        raise ValueError(f"endpoint type must be 'gateway' or 'interface', not {endpoint_type!r}")
    return [s for s in services if wanted in s.endpoint_types]


def _types(info: ServiceInfo) -> str:
    return "+".join(sorted(info.endpoint_types))


def _ports(info: ServiceInfo) -> str:
    return ",".join(str(p) for p in info.ports) if info.ports else "unknown"


def _text(services: list[ServiceInfo]) -> str:
    rows = [
        (
            s.name,
            _types(s),
            s.policy,
            s.private_dns,
            _ports(s),
            s.cross_region,
            s.ipv6,
        )
        for s in services
    ]
    widths = [len(h) for h in _HEADERS]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(_HEADERS), line(tuple("-" * w for w in widths))]
    out.extend(line(row) for row in rows)
    out.append("")
    out.append(
        f"{len(rows)} service(s). 'unknown' = not established by a cited source; "
        "see `vpcegen services --format json` for the sources."
    )
    return "\n".join(out) + "\n"


def _as_json_object(catalog: ServiceCatalog, info: ServiceInfo) -> dict[str, Any]:
    sources: dict[str, list[str]] = {}
    for fact in ("name", *FACTS):
        refs = info.source_lists.get(fact, ())
        if refs:
            sources[fact] = [catalog.source_url(ref) for ref in refs]
    return {
        "name": info.name,
        "title": info.title,
        "endpoint_types": sorted(info.endpoint_types),
        "policy": info.policy,
        "private_dns": info.private_dns,
        "ports": list(info.ports),
        "cross_region": info.cross_region,
        "ipv6": info.ipv6,
        "global_name": info.global_name,
        "partitions": dict(info.partitions),
        "service_name": catalog.service_name(info.name, "{region}"),
        "notes": list(info.notes),
        "sources": sources,
    }


def render_services(
    catalog: ServiceCatalog,
    fmt: Literal["text", "json"],
    endpoint_type: str | None = None,
) -> str:
    """Render the catalog, optionally only services offering ``endpoint_type``.

    ``text``: an aligned table (name, types, policy, private DNS, ports, cross-Region, IPv6).
    ``json``: a list of objects with every fact and its sources resolved to URLs.
    """
    services = _selected(catalog, endpoint_type)
    if fmt == "text":
        return _text(services)
    if fmt == "json":
        payload = [_as_json_object(catalog, s) for s in services]
        return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    raise ValueError(f"format must be 'text' or 'json', not {fmt!r}")
