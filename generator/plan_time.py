"""The plan-time half of a rule: guards a generated module carries for what only AWS knows.

A rule whose facts depend on module inputs (or on AWS's answer at plan time) declares a
`guard`: a function that reads the resolved spec and yields assertions placed on the module's
blocks. The renderer collects the guards of the catalog (handed to it by the caller, so it
imports nothing from the rules) and writes each assertion where it is placed:

* a `validation` on an input variable,
* a `postcondition` on a data source,
* a `precondition` on a resource (it stops the plan: for error-level rules),
* an `assert` in a `check` block (Terraform reports it as a warning: warning-level rules).

Guards reference the module through `ModuleRefs`, which creates the data sources they read
(and records the read permissions a plan then needs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from generator.resolve.model import ResolvedEndpoint, ResolvedSpec

SiteKind = Literal[
    "variable",  # an input variable, by name: validation
    "subnets",  # data.aws_subnet.<group>, by subnet group name: postcondition
    "endpoint",  # aws_vpc_endpoint, by endpoint key: precondition
    "endpoint_service",  # aws_vpc_endpoint_service, by key: precondition
    "verification_record",  # the TXT record of an endpoint service, by key: precondition
    "routes",  # every aws_route through an endpoint, by endpoint key: precondition
    "region",  # data.aws_region.current: postcondition
    "check",  # a check block, by name: assert (warning)
]


@dataclass(frozen=True)
class Assertion:
    """A condition and the message Terraform shows when it is false (an HCL expression whose
    text starts with the rule ID)."""

    condition: str
    message: str


@dataclass(frozen=True)
class Placed:
    site: SiteKind
    name: str  # which variable / group / endpoint / service / check block
    assertion: Assertion
    comment: str = ""  # check blocks: the comment above the block


@dataclass(frozen=True)
class InputVariable:
    """A module input the renderer created for an ID the spec left out."""

    name: str
    role: Literal["vpc_id", "subnet_ids", "route_table_ids", "vpc_ids"]
    group: str | None = None  # the subnet or route table group
    keyed: bool = False  # a map (stable keys the caller chooses) rather than a list


class ModuleRefs(Protocol):
    """What a guard may reference in the module being rendered."""

    @property
    def resolved(self) -> ResolvedSpec: ...

    @property
    def inputs(self) -> Sequence[InputVariable]: ...

    def vpc_data(self) -> str: ...

    def subnet_data(self, group: str) -> str: ...

    def subnet_ids(self, group: str) -> str: ...

    def availability_zone_ids(self, group: str) -> str: ...

    def subnet_for_az(self, group: str, az: str) -> tuple[str, str]: ...

    def route_table_ids(self, groups: Sequence[str]) -> str: ...

    def service_data(self, ep: ResolvedEndpoint) -> str: ...

    def lb_data(self, key: str, arns: Sequence[str]) -> str: ...

    def zone_data(self, key: str, zone_id: str) -> str: ...

    def region_data(self) -> str: ...


Guard = Callable[[ModuleRefs], Iterable[Placed]]


@dataclass(frozen=True)
class RuleGuard:
    """A rule's guard as the renderer receives it."""

    rule_id: str
    guard: Guard
    suppressible: bool = True  # a warning's guard; an error's guard cannot be suppressed
