"""Provider features a module uses, and the lowest hashicorp/aws release that has each.

docs/provider-floor.md gives the sources. The module's `versions.tf` asks for the highest floor
among the features it uses (or the spec's own constraint, when it sets one).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.spec.models import Spec

if TYPE_CHECKING:
    from generator.resolve.model import ResolvedEndpoint

BASE_FLOOR = (6, 0, 0)
# feature -> lowest release that has it
FLOORS: dict[str, tuple[int, int, int]] = {
    "private_dns_preference": (6, 28, 0),
}


def used_by(spec: Spec, endpoints: Iterable[ResolvedEndpoint]) -> frozenset[str]:
    used: set[str] = set()
    for ep in endpoints:
        if ep.dns is not None and ep.dns.private_dns_preference:
            used.add("private_dns_preference")
    return frozenset(used)


def floor(features: Iterable[str]) -> tuple[int, int, int]:
    return max([BASE_FLOOR, *(FLOORS[f] for f in features)])
