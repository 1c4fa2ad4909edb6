"""The importer's values: options in, a spec document, adoptions and findings out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.diagnostics import Finding

SecurityGroupMode = Literal["auto", "define", "reference"]

# AWS adds a 26-character unique suffix to names made from a name_prefix (the provider's
# id.UniqueIDSuffixLength, hex digits): create.NamePrefixFromName only recognises those.
UNIQUE_SUFFIX = re.compile(r"[0-9a-f]{26}$")
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Options:
    name: str | None = None  # the spec's name (default: from the VPC's Name tag or ID)
    region: str | None = None
    vpc_id: str | None = None
    security_groups: SecurityGroupMode = "auto"
    inline_policy_chars: int = 600  # longer policies go to policies/<endpoint>.json


@dataclass(frozen=True)
class Adoption:
    """One `import` block: the module-relative address and the provider's import ID."""

    address: str
    import_id: str
    what: str  # a short description for the comment above the block


@dataclass(frozen=True)
class NotImported:
    """An object the module manages but the provider cannot import (the plan creates it)."""

    address: str
    object_id: str
    why: str


@dataclass
class ImportResult:
    name: str
    region: str
    vpc_id: str | None
    spec: dict[str, Any]
    policy_files: dict[str, Any] = field(default_factory=dict)  # relative path -> document
    adoptions: list[Adoption] = field(default_factory=list)
    not_imported: list[NotImported] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def slug(text: str, fallback: str) -> str:
    """A spec key from free text: lower case, words joined by '-', starting with a letter."""
    out = _SLUG_BAD.sub("-", text.lower()).strip("-")[:64].strip("-")
    if not out or not out[0].isalpha():
        out = f"{fallback}-{out}".strip("-") if out else fallback
    return out[:64].rstrip("-")


def unique(key: str, taken: set[str]) -> str:
    """`key`, or `key-2`, `key-3`... whichever is free; the result is taken."""
    candidate, n = key, 2
    while candidate in taken:
        candidate = f"{key}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
