"""TAG00x: tags on the resources the module creates.

Each endpoint, managed security group and endpoint service gets the spec's `tags`, its own
`tags`, and `Name = "<spec name>-<entry key>"` unless the user gives `Name` (user tags win).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit

MAX_TAGS = 50
MAX_KEY = 128
MAX_VALUE = 256
RESERVED_PREFIX = "aws:"
PORTABLE_PUNCTUATION = frozenset("+-=._:/@")
NAME = "Name"


@dataclass(frozen=True)
class Tagged:
    """A resource the module tags: its label, own tags and where they are written."""

    label: str  # "endpoint 'ssm'"
    tags: dict[str, str]
    base: Path  # path of the entry; its tags live at (*base, "tags")


def _resources(ctx: Context) -> Iterator[Tagged]:
    for name, ep in ctx.endpoints():
        yield Tagged(f"endpoint '{name}'", ep.tags, ("endpoints", name))
    for name in sorted(ctx.spec.security_groups):
        sg = ctx.spec.security_groups[name]
        yield Tagged(f"security group '{name}'", sg.tags, ("security_groups", name))
    for name in sorted(ctx.spec.endpoint_services):
        svc = ctx.spec.endpoint_services[name]
        yield Tagged(f"endpoint service '{name}'", svc.tags, ("endpoint_services", name))


def _mappings(ctx: Context) -> Iterator[tuple[dict[str, str], Path]]:
    """Every tag mapping the user wrote, with the path of the mapping."""
    yield ctx.spec.tags, ("tags",)
    for res in _resources(ctx):
        yield res.tags, (*res.base, "tags")


def _reserved(key: str) -> bool:
    return key.casefold().startswith(RESERVED_PREFIX)


# --- TAG001 --------------------------------------------------------------------------------


def _check_tag_count(ctx: Context) -> Iterator[Hit]:
    spec_keys = {k for k in ctx.spec.tags if not _reserved(k)}
    only_spec: list[str] = []
    for res in _resources(ctx):
        keys = spec_keys | {k for k in res.tags if not _reserved(k)} | {NAME}
        if len(keys) <= MAX_TAGS:
            continue
        if res.tags:
            yield hit((*res.base, "tags"), at_key=True, resource=res.label, count=len(keys))
        else:
            only_spec.append(res.label)
    if only_spec:
        total = len(spec_keys | {NAME})
        yield hit(("tags",), "spec", at_key=True, count=total, resources=", ".join(only_spec))


TAG001 = Rule(
    id="TAG001",
    name="too-many-tags",
    severity=Severity.ERROR,
    summary="At most 50 user tags per resource, counting the spec's tags, the resource's own "
    "tags and the Name tag vpcegen adds (aws: tags do not count).",
    message="{resource} would carry {count} tags (the spec's tags, its own and Name); EC2 "
    f"allows {MAX_TAGS} per resource",
    hint="drop tags, or move shared ones to the caller's provider default_tags only if the "
    f"total stays within {MAX_TAGS} (default_tags count too)",
    variants=(
        Variant(
            "spec",
            "the spec's tags plus Name make {count} tags on every resource ({resources}); EC2 "
            f"allows {MAX_TAGS} per resource",
            f"drop tags; the caller's provider default_tags count towards the {MAX_TAGS} too",
        ),
    ),
    rationale="EC2 rejects a create or tag request that would leave more than 50 user tags on "
    "a resource (not adjustable). The provider's default_tags, set by the module's caller, "
    "add to the count but are unknown here.",
    source=f"Tag your Amazon EC2 resources, tag restrictions: 'Maximum number of tags per "
    f"resource – 50' ({sources.EC2_TAGS})",
    url=sources.EC2_TAGS,
    check=_check_tag_count,
)

# --- TAG002 --------------------------------------------------------------------------------


def _check_tag_length(ctx: Context) -> Iterator[Hit]:
    for tags, path in _mappings(ctx):
        for key, value in tags.items():
            if not key:
                yield hit((*path, key), "empty-key", at_key=True)
            elif len(key) > MAX_KEY:
                yield hit((*path, key), at_key=True, start=key[:24], length=len(key))
            if len(value) > MAX_VALUE:
                yield hit((*path, key), "long-value", key=key, length=len(value))


TAG002 = Rule(
    id="TAG002",
    name="tag-too-long",
    severity=Severity.ERROR,
    summary="Tag keys have 1 to 128 characters, values at most 256 (Unicode characters).",
    message="tag key '{start}...' has {length} characters; at most " + str(MAX_KEY),
    hint="shorten the key",
    variants=(
        Variant("empty-key", "tag key is empty", "give the tag a key"),
        Variant(
            "long-value",
            "value of tag '{key}' has {length} characters; at most " + str(MAX_VALUE),
            "shorten the value",
        ),
    ),
    rationale="EC2 rejects longer keys and values. The EC2 user guide gives 128 characters for "
    "keys; the EC2 API reference (Tag) says 127, so keys of exactly 128 characters are best "
    "avoided.",
    source=f"Tag your Amazon EC2 resources, tag restrictions ({sources.EC2_TAGS}); EC2 API "
    f"Tag ({sources.API_TAG})",
    url=sources.EC2_TAGS,
    check=_check_tag_length,
)

# --- TAG003 --------------------------------------------------------------------------------


def _check_tag_case(ctx: Context) -> Iterator[Hit]:
    spec_tags = ctx.spec.tags
    # Within one mapping.
    for tags, path in _mappings(ctx):
        seen: dict[str, str] = {}
        for key in tags:
            first = seen.setdefault(key.casefold(), key)
            if first != key:
                yield hit((*path, key), at_key=True, first=first, key=key)
    # The spec's tags against the Name tag vpcegen adds.
    if NAME not in spec_tags:
        for key in spec_tags:
            if key != NAME and key.casefold() == NAME.casefold():
                yield hit(("tags", key), "spec-name", at_key=True, key=key)
    # Each resource's tags against the spec's tags and the added Name.
    spec_folded = {k.casefold(): k for k in spec_tags}
    for res in _resources(ctx):
        for key in res.tags:
            folded = key.casefold()
            other: str | None = spec_folded.get(folded)
            if other is not None and other != key:
                yield hit(
                    (*res.base, "tags", key),
                    "resource-spec",
                    at_key=True,
                    resource=res.label,
                    key=key,
                    other=other,
                )
            elif (
                other is None
                and folded == NAME.casefold()
                and key != NAME
                and NAME not in res.tags
                and NAME not in spec_tags
            ):
                yield hit(
                    (*res.base, "tags", key),
                    "resource-name",
                    at_key=True,
                    resource=res.label,
                    key=key,
                )


TAG003 = Rule(
    id="TAG003",
    name="tag-keys-differ-in-case",
    severity=Severity.WARNING,
    summary="Tag keys are case-sensitive: keys that differ only in case (within a mapping, "
    "between the spec's and a resource's tags, or against the added Name) become two tags.",
    message="tag keys '{first}' and '{key}' differ only in case; AWS keeps both",
    hint="use one spelling",
    variants=(
        Variant(
            "spec-name",
            "tag '{key}' differs only in case from the Name tag vpcegen adds; resources would "
            "carry both",
            f"write '{NAME}' to set the name tag yourself, or drop '{{key}}'",
        ),
        Variant(
            "resource-spec",
            "{resource} tag '{key}' differs only in case from the spec's tag '{other}'; the "
            "resource would carry both",
            "use the spec's spelling to override it, or rename one of them",
        ),
        Variant(
            "resource-name",
            "{resource} tag '{key}' differs only in case from the Name tag vpcegen adds; the "
            "resource would carry both",
            f"write '{NAME}' to name the resource yourself",
        ),
    ),
    rationale="AWS treats 'Environment' and 'environment' as two tags, so a resource ends up "
    "with both, which cost allocation and tag policies read as different keys. Exact "
    "duplicate keys are SPEC002.",
    source=f"Tag your Amazon EC2 resources, tag restrictions: 'Tag keys and their values are "
    f"case-sensitive' ({sources.EC2_TAGS})",
    url=sources.EC2_TAGS,
    check=_check_tag_case,
    deviation="Severity warning, not v1's error: AWS accepts keys that differ only in case (they "
    "become two tags), so it is a likely mistake, not a rejection.",
)

# --- TAG004 --------------------------------------------------------------------------------


def _check_reserved_prefix(ctx: Context) -> Iterator[Hit]:
    for tags, path in _mappings(ctx):
        for key in tags:
            if _reserved(key):
                yield hit((*path, key), at_key=True, key=key, prefix=key[: len(RESERVED_PREFIX)])


TAG004 = Rule(
    id="TAG004",
    name="reserved-tag-prefix",
    severity=Severity.ERROR,
    summary="Tag keys must not start with `aws:` in any letter case.",
    message="tag key '{key}' uses the reserved prefix '{prefix}'",
    hint="rename the key; the aws: prefix is for tags AWS sets itself",
    rationale="The aws: prefix is reserved for AWS; EC2 refuses user tag keys that start with "
    "it ('May not begin with aws:').",
    source=f"EC2 API Tag ({sources.API_TAG}); Tag your Amazon EC2 resources, tag restrictions "
    f"({sources.EC2_TAGS})",
    url=sources.EC2_TAGS,
    check=_check_reserved_prefix,
)

# --- TAG005 --------------------------------------------------------------------------------


def _odd_characters(text: str) -> list[str]:
    odd: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "LN" or category == "Zs" or ch in PORTABLE_PUNCTUATION:
            continue
        if ch not in odd:
            odd.append(ch)
    return odd


def _check_characters(ctx: Context) -> Iterator[Hit]:
    for tags, path in _mappings(ctx):
        for key, value in tags.items():
            for text, variant, at_key in ((key, "", True), (value, "value", False)):
                odd = _odd_characters(text)
                if odd:
                    shown = " ".join(repr(ch) for ch in odd)
                    yield hit((*path, key), variant, at_key=at_key, key=key, chars=shown)


TAG005 = Rule(
    id="TAG005",
    name="non-portable-tag-characters",
    severity=Severity.WARNING,
    summary="Tag keys and values use only letters, digits, spaces and + - = . _ : / @.",
    message="tag key '{key}' contains {chars}, outside the characters all AWS services accept",
    hint="use letters, digits, spaces and + - = . _ : / @",
    variants=(
        Variant(
            "value",
            "value of tag '{key}' contains {chars}, outside the characters all AWS services accept",
        ),
    ),
    rationale="EC2 itself accepts more, but other services, tag policies and cost allocation "
    "reports are stricter; tags copied to them (or compared across them) break on other "
    "characters.",
    source=f"Tag your Amazon EC2 resources, tag restrictions: 'Generally allowed characters are "
    f"letters, numbers, and spaces representable in UTF-8, and + - = . _ : / @' "
    f"({sources.EC2_TAGS})",
    url=sources.EC2_TAGS,
    check=_check_characters,
)

# --- TAG006 --------------------------------------------------------------------------------

TAG006 = Rule(
    id="TAG006",
    name="taggable-resources",
    severity=Severity.INFO,
    summary="Endpoints (all types), endpoint services and security groups are taggable; in "
    "partitions without tag-on-create the provider retries without tags and tags afterwards.",
    message="-",
    hint="-",
    rationale="Older guidance said endpoint services cannot be tagged; CreateVpcEndpointService"
    "Configuration takes TagSpecifications and the provider's aws_vpc_endpoint_service has "
    "`tags`.",
    source=f"TF-VPCE ({sources.TF_VPCE}, partition fallback); API-CESC ({sources.API_CESC}); "
    f"DOC-GWLBE ({sources.DOC_GWLBE})",
    url=sources.API_CESC,
    status=Status.RENDERED,
    status_reason='the renderer sets `tags = merge(local.tags, { Name = "<spec name>-<key>" }, '
    "<entry tags>)` (local.tags = the spec's tags, then the caller's var.tags; an entry's own "
    "Name wins) on every aws_vpc_endpoint, aws_security_group, security group rule and "
    "aws_vpc_endpoint_service, and none on resources that take no tags (principal, accepter, "
    "notification, route and verification resources)",
)

RULES: tuple[Rule, ...] = (TAG001, TAG002, TAG003, TAG004, TAG005, TAG006)
