"""What the templates receive: plain values and ready HCL expressions, one object per block.

Spec literals stay raw here and reach HCL through the templates' escaping filters; fields named
`*_expr` (and conditions) are HCL expressions built by generator.render.hcl.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Condition:
    """A `validation` / `precondition` / `postcondition` / `assert`."""

    condition: str
    message: str  # an HCL string expression


@dataclass
class Variable:
    name: str
    type: str
    description: str
    default: str | None = None  # HCL expression
    example_count: int = 1  # list entries in the README's call example
    example_keys: bool = False  # a map in the README's call example
    validations: list[Condition] = field(default_factory=list)


@dataclass
class DataSource:
    """A data block read at plan time for the guards."""

    type: str
    name: str
    comment: str
    args: dict[str, str]  # argument -> HCL expression
    meta: dict[str, str] = field(default_factory=dict)  # count / for_each
    postconditions: list[Condition] = field(default_factory=list)


@dataclass(frozen=True)
class PrefixList:
    """aws_ec2_managed_prefix_list with the VPC's CIDR blocks of one family."""

    ident: str
    name: str
    family: str  # IPv4 | IPv6
    entries_expr: str
    tags_expr: str
    # AWS's default quota of CIDR blocks per VPC and family (adjustable; the list must hold
    # them all, and a rule referencing the list counts as this many rules).
    max_entries: int = 5


@dataclass
class CheckBlock:
    name: str
    comment: str
    asserts: list[Condition] = field(default_factory=list)


@dataclass(frozen=True)
class Output:
    name: str
    description: str
    fields: tuple[tuple[str, str], ...]  # (key, HCL expression)


@dataclass(frozen=True)
class ReadmeRow:
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Assignment:
    """`name = value` in the README's call example (names padded to align)."""

    name: str
    value: str
