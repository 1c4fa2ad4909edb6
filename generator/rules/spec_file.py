"""SPEC0xx: the spec file itself (parse, shape, references, version, names, Regions)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.rules.plan_helpers import ID_PATTERNS, message, subnet_endpoints
from generator.spec.types import AZ_ID, SECURITY_GROUP_ID

_STARTS = "a spec is a mapping that starts with 'version: 1'"
_WRONG_TYPE = "{key} must be {expected}, not {actual}"
_PRESET = "unknown policy preset '{preset}'"

SPEC001 = Rule(
    id="SPEC001",
    name="malformed-file",
    severity=Severity.ERROR,
    summary="The file must be well-formed YAML or JSON, in UTF-8, and not empty or binary.",
    message="invalid YAML: {problem}",
    hint="fix the syntax at the position shown",
    variants=(
        Variant("json", "invalid JSON: {problem}"),
        Variant(
            "tab",
            "a tab character indents this line; YAML indentation cannot use tabs",
            "indent with spaces",
        ),
        Variant(
            "too-large",
            "file is {size} bytes; specs larger than {limit} bytes are refused",
            "split the spec into several files, one module each",
        ),
        Variant("utf16", "file is UTF-16 (or UTF-32) encoded", "save the spec as UTF-8"),
        Variant(
            "not-utf8", "file is not valid UTF-8 (byte 0x{byte:02x})", "save the spec as UTF-8"
        ),
        Variant(
            "binary",
            "file contains NUL bytes; it looks binary, not YAML/JSON",
            "name a YAML or JSON spec file",
        ),
        Variant("empty", "file is empty", _STARTS),
        Variant("no-document", "file has no YAML document", _STARTS),
        Variant(
            "too-deep",
            "values are nested deeper than {limit} levels",
            "a spec nests a few levels only; look for unbalanced brackets",
        ),
        Variant(
            "too-many-values",
            "the document expands to more than {limit} values (aliases included)",
            "specs are small documents; avoid nested aliases",
        ),
        Variant(
            "alias-cycle",
            "an alias refers to a value that contains it (a cycle)",
            "anchor (&name) a value before using it elsewhere, not inside itself",
        ),
        Variant(
            "tag",
            "tag '{tag}' is not allowed; specs use plain YAML values only",
            "remove the tag; vpcegen never constructs language-specific objects",
        ),
        Variant("tag-value", "'{text}' is not a valid !!{tag} value", "remove the tag"),
        Variant(
            "long-number",
            "number has {length} characters; numbers longer than {limit} are refused",
            "quote the value if it is text",
        ),
        Variant(
            "complex-key",
            "mapping keys must be plain strings",
            "write the key as a plain word",
        ),
        Variant(
            "merge-too-deep",
            "'<<' merges are nested deeper than {limit} levels",
            "merge fewer levels of anchors",
        ),
        Variant(
            "merge-not-mapping",
            "'<<' merges mappings only",
            "merge a mapping (<<: *name) or a list of mappings",
        ),
    ),
    rationale="A file vpcegen cannot parse cannot be checked or rendered. Language-specific "
    "YAML tags are refused so that loading a spec never constructs objects.",
    source=f"YAML 1.2 ({sources.YAML_SPEC}); RFC 8259 ({sources.JSON_RFC})",
    url=sources.YAML_SPEC,
)

SPEC002 = Rule(
    id="SPEC002",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="Keys in a mapping must be unique.",
    message="duplicate key '{key}' (first defined at line {line})",
    hint="keys in a mapping must be unique; remove or rename one of them",
    rationale="YAML and JSON parsers disagree on duplicate keys (most keep the last one "
    "silently), so the spec would not mean what it seems to say.",
    source="YAML 1.2, section 3.2.1.1 (mapping keys are unique)",
    url=sources.YAML_SPEC,
)


def _guard_input_id_formats(refs: ModuleRefs) -> Iterator[Placed]:
    for var in refs.inputs:
        pattern, label = ID_PATTERNS[var.role]
        if var.role == "vpc_id":
            condition = f"can(regex({hcl.string(pattern)}, var.{var.name}))"
            text = f"{var.name} must be a {label}."
        else:
            ids = f"values(var.{var.name})" if var.keyed else f"var.{var.name}"
            condition = f"alltrue([for id in {ids} : can(regex({hcl.string(pattern)}, id))])"
            text = f"every entry of {var.name} must be a {label}."
        yield Placed("variable", var.name, Assertion(condition, message("SPEC003", text)))


SPEC003 = Rule(
    id="SPEC003",
    name="wrong-type-or-format",
    severity=Severity.ERROR,
    summary="Every value has the type and format the spec language gives it.",
    message=_WRONG_TYPE,
    hint="see 'vpcegen schema' for the expected shape",
    variants=(
        Variant(
            "quoted-bool",
            _WRONG_TYPE,
            "write true or false without quotes (YAML 1.2: yes/no/on/off are strings)",
        ),
        Variant("quoted-number", _WRONG_TYPE, "write the number without quotes"),
        Variant("not-a-list", _WRONG_TYPE, "write a list: [{value}]"),
        Variant("port-range", _WRONG_TYPE, "for a range, write port: {low}, to_port: {high}"),
        Variant(
            "literal-or-list",
            "{key} must be '{literal}' or a list, not {actual}",
            "write a list ({name}: [{value}]) or {name}: {literal}",
        ),
        Variant(
            "unquoted-account-id",
            "account ID {value} is a number; account IDs are quoted strings of 12 digits",
            'write it in quotes: "{quoted}" (YAML reads digits as a number and drops leading '
            "zeros)",
        ),
        Variant("literal", "{key} is {value!r}; expected {expected}"),
        Variant("constraint", "{key}: {problem}"),
        Variant("format", "{problem}"),
        Variant("missing", "missing required key '{key}'"),
        Variant(
            "not-mapping",
            "a spec must be a mapping of keys to values, not {actual}",
            "start the file with 'version: 1'",
        ),
        Variant("preset", _PRESET, "did you mean '{close}'? The presets are: {presets}"),
        Variant("preset-no-close", _PRESET, "the presets are: {presets}"),
    ),
    rationale="AWS rejects malformed IDs, CIDRs and ARNs at apply time; catching them at "
    "commit time keeps a broken module from being generated.",
    source=sources.SPEC_MD,
    guard=_guard_input_id_formats,
    guard_sites=("variable",),
)

SPEC004 = Rule(
    id="SPEC004",
    name="unknown-key",
    severity=Severity.ERROR,
    summary="Unknown keys are errors, with a did-you-mean hint when a known key is close.",
    message="unknown key '{key}'",
    hint="did you mean '{suggestion}'?",
    variants=(
        Variant("allowed", "unknown key '{key}'", "allowed keys here: {allowed}"),
        Variant("no-keys", "unknown key '{key}'", "see 'vpcegen schema' for the keys allowed here"),
    ),
    rationale="A misspelt key would otherwise be ignored and its intent silently lost.",
    source=sources.SPEC_MD,
)


def _references(ctx: Context) -> Iterator[tuple[str, str, Path]]:
    """(kind, name, path) for every name a spec refers to, where it is written."""
    data = ctx.data
    places: list[tuple[Path, dict[str, Any]]] = []
    for name, ep in (data.get("endpoints") or {}).items():
        if isinstance(ep, dict):
            places.append((("endpoints", name), ep))
    for kind, defaults in (data.get("defaults") or {}).items():
        if isinstance(defaults, dict):
            places.append((("defaults", kind), defaults))
    for name, svc in (data.get("endpoint_services") or {}).items():
        nlb = svc.get("network_load_balancer") if isinstance(svc, dict) else None
        if isinstance(nlb, dict):  # an endpoint service's own load balancer
            places.append((("endpoint_services", name, "network_load_balancer"), nlb))
    for base, entry in places:
        group = entry.get("subnet_group")
        if isinstance(group, str):
            yield "subnet_groups", group, (*base, "subnet_group")
        for i, sg in enumerate(entry.get("security_groups") or []):
            if isinstance(sg, str) and not SECURITY_GROUP_ID.fullmatch(sg):
                yield "security_groups", sg, (*base, "security_groups", i)
        for i, rt in enumerate(entry.get("route_table_groups") or []):
            if isinstance(rt, str):
                yield "route_table_groups", rt, (*base, "route_table_groups", i)
        for i, route in enumerate(entry.get("routes") or []):
            if isinstance(route, dict) and isinstance(route.get("route_table_group"), str):
                yield (
                    "route_table_groups",
                    route["route_table_group"],
                    (*base, "routes", i, "route_table_group"),
                )


_UNDEFINED = "{kind} '{name}' is not defined"


def _check_references(ctx: Context) -> Iterator[Hit]:
    defined = {
        "subnet_groups": set(ctx.spec.network.subnet_groups),
        "route_table_groups": set(ctx.spec.network.route_table_groups),
        "security_groups": set(ctx.spec.security_groups),
    }
    where = {
        "subnet_groups": "network.subnet_groups",
        "route_table_groups": "network.route_table_groups",
        "security_groups": "security_groups",
    }
    for kind, name, path in _references(ctx):
        if name not in defined[kind]:
            known = sorted(defined[kind])
            close = [k for k in known if k.startswith(name[:3])] or known
            variant = "security-group" if kind == "security_groups" else ""
            if not close:
                variant = f"{variant}-none-defined" if variant else "none-defined"
            fields = {"kind": kind[:-1].replace("_", " "), "name": name, "section": where[kind]}
            if close:
                fields["known"] = ", ".join(close)
            yield hit(path, variant, **fields)


SPEC005 = Rule(
    id="SPEC005",
    name="undefined-reference",
    severity=Severity.ERROR,
    summary="Names a spec refers to (subnet groups, route-table groups, security groups) "
    "must be defined in it.",
    message=_UNDEFINED,
    hint="define it under {section} or use one of: {known}",
    variants=(
        Variant("none-defined", _UNDEFINED, "define it under {section}"),
        Variant(
            "security-group",
            _UNDEFINED,
            "define it under {section} or use one of: {known} (or give a literal sg- ID)",
        ),
        Variant(
            "security-group-none-defined",
            _UNDEFINED,
            "define it under {section} (or give a literal sg- ID)",
        ),
    ),
    rationale="A dangling name would render a reference to nothing.",
    source=sources.SPEC_MD,
    check=_check_references,
)

SPEC006 = Rule(
    id="SPEC006",
    name="unsupported-version",
    severity=Severity.ERROR,
    summary="`version` must be a version this vpcegen supports (1).",
    message="spec version {version!r} is not supported by this vpcegen",
    hint="supported versions: {supported}",
    rationale="Another version of the language may mean different things by the same keys.",
    source=sources.SPEC_MD,
)

MODULE_NAME = re.compile(r"[a-z][a-z0-9-]{0,62}")


def _check_name(ctx: Context) -> Iterator[Hit]:
    name = ctx.spec.name
    if not MODULE_NAME.fullmatch(name):
        yield hit(("name",), name=name)
    elif ctx.run_names.get(name, 0) > 1:
        yield hit(("name",), "shared", name=name, count=ctx.run_names[name])


SPEC007 = Rule(
    id="SPEC007",
    name="invalid-module-name",
    severity=Severity.ERROR,
    summary="Module names are unique in one run and valid folder names (^[a-z][a-z0-9-]{0,62}$).",
    message="module name '{name}' is not a valid folder name",
    hint="use lower-case letters, digits and '-', starting with a letter, at most 63 characters",
    variants=(
        Variant(
            "shared",
            "module name '{name}' is used by {count} specs in this run",
            "give each spec its own name; each becomes its own module folder",
        ),
    ),
    rationale="The name becomes a folder under --out; a path-like or repeated name would "
    "write outside it or make two specs overwrite one module.",
    source=sources.SPEC_MD,
    check=_check_name,
)

SPEC008 = Rule(
    id="SPEC008",
    name="invalid-suppression",
    severity=Severity.ERROR,
    summary="A `suppress` entry names a known warning ID; errors cannot be suppressed.",
    message="{rule_id} is an error and cannot be suppressed",
    hint="fix the spec instead; only warnings and notices can be suppressed",
    variants=(
        Variant(
            "unknown-id", "'{rule_id}' is not a rule ID", "run 'vpcegen rules' for the list of IDs"
        ),
    ),
    rationale="An error means AWS or the provider rejects the module or it cannot work; "
    "hiding it would only move the failure to apply time.",
    source=sources.SPEC_MD,
)


def _az_ids(ctx: Context) -> Iterator[tuple[str, Path]]:
    for gname, group in ctx.spec.network.subnet_groups.items():
        for i, az in enumerate(group.availability_zone_ids or []):
            yield az, ("network", "subnet_groups", gname, "availability_zone_ids", i)
    for name, ep in ctx.endpoints():
        for i, az in enumerate(ep.service_availability_zone_ids or []):
            yield az, ("endpoints", name, "service_availability_zone_ids", i)
        for az in ep.addresses or {}:
            yield az, ("endpoints", name, "addresses", az)


_UNKNOWN_REGION = "'{region}' is not a known Region of partition '{partition}'"
_AZ_REGION = "AZ ID '{az}' is in {az_region}, not in the spec's Region {region}"


def _check_region(ctx: Context) -> Iterator[Hit]:
    from generator.spec.regions import load_regions

    regions = load_regions()
    spec = ctx.spec
    if not regions.is_region(spec.region, spec.partition):
        home = regions.partition_of(spec.region)
        if home is not None:
            yield hit(
                ("region",), "partition", region=spec.region, home=home, partition=spec.partition
            )
        else:
            close = regions.suggest_region(spec.region)
            if close:
                yield hit(("region",), region=spec.region, partition=spec.partition, close=close[0])
            else:
                yield hit(("region",), "no-close", region=spec.region, partition=spec.partition)
        return
    for gname, group in sorted(spec.network.subnet_groups.items()):
        ids, azs = group.ids, group.availability_zone_ids
        if ids is not None and azs is not None and len(ids) != len(azs):
            yield hit(
                ("network", "subnet_groups", gname),
                "count",
                at_key=True,
                group=gname,
                ids=len(ids),
                azs=len(azs),
            )
    for az, path in _az_ids(ctx):
        at_key = path[-2] == "addresses"
        region_of_name = regions.looks_like_az_name(az)
        if region_of_name is not None:
            yield hit(path, "az-name", at_key=at_key, az=az)
        elif not AZ_ID.fullmatch(az):
            yield hit(path, "not-az-id", at_key=at_key, az=az)
        else:
            az_region = regions.az_id_region(az)
            if az_region is not None and az_region != spec.region:
                prefix = regions.az_id_prefix(spec.region)
                fields = {"az": az, "az_region": az_region, "region": spec.region}
                if prefix:
                    yield hit(path, "az-region", at_key=at_key, prefix=prefix, **fields)
                else:
                    yield hit(path, "az-region-no-prefix", at_key=at_key, **fields)


def _guard_input_subnet_order(refs: ModuleRefs) -> Iterator[Placed]:
    for var in refs.inputs:
        if var.role != "subnet_ids" or var.group is None:
            continue
        azs = refs.resolved.subnet_group(var.group).availability_zone_ids
        if azs:
            yield Placed(
                "variable",
                var.name,
                Assertion(
                    f"length(var.{var.name}) == {len(azs)}",
                    message(
                        "SPEC009",
                        f"{var.name} must list {len(azs)} subnet(s), one per AZ ID "
                        f"({', '.join(azs)}), in that order.",
                    ),
                ),
            )
    for group in sorted({g for _, g in subnet_endpoints(refs)}):
        if not refs.resolved.subnet_group(group).availability_zone_ids:
            continue
        refs.subnet_data(group)
        azs_local = refs.availability_zone_ids(group)
        yield Placed(
            "subnets",
            group,
            Assertion(
                f"self.availability_zone_id == {azs_local}[count.index]",
                hcl.template(
                    "SPEC009: subnet ",
                    hcl.Interp("self.id"),
                    f" of group '{group}' is in AZ ",
                    hcl.Interp("self.availability_zone_id"),
                    ", but the spec declares ",
                    hcl.Interp(f"{azs_local}[count.index]"),
                    " at this position.",
                ),
            ),
        )


SPEC009 = Rule(
    id="SPEC009",
    name="unknown-region-or-zone",
    severity=Severity.ERROR,
    summary="`region` is a known AWS Region of the spec's `partition`; AZ IDs belong to that "
    "Region; AZ names are rejected with a hint to use AZ IDs; a subnet group lists one AZ ID "
    "per subnet ID.",
    message=_UNKNOWN_REGION,
    hint="did you mean '{close}'?",
    variants=(
        Variant("no-close", _UNKNOWN_REGION, "use a Region code like eu-west-1"),
        Variant(
            "partition",
            "Region '{region}' belongs to partition '{home}', not '{partition}'",
            "set partition: {home}",
        ),
        Variant(
            "az-name",
            "'{az}' is an Availability Zone name; use its AZ ID",
            "AZ names map to different zones in different accounts; find the ID with "
            "'aws ec2 describe-availability-zones' (ZoneId, like euw1-az1)",
        ),
        Variant("not-az-id", "'{az}' is not an Availability Zone ID", "AZ IDs look like euw1-az1"),
        Variant("az-region", _AZ_REGION, "AZ IDs of {region} start with '{prefix}-'"),
        Variant("az-region-no-prefix", _AZ_REGION, "use AZ IDs of the spec's Region {region}"),
        Variant(
            "count",
            "subnet group '{group}' lists {ids} subnet ID(s) but {azs} AZ ID(s); each subnet "
            "needs its AZ ID, in the same order",
            "give one AZ ID per subnet ID (fewer IDs deploy into fewer AZs than declared; more "
            "stop the plan on an invalid index)",
        ),
    ),
    rationale="AWS PrivateLink considerations: Availability Zone names in a customer account "
    "might not map to the same locations as in another account; AZ IDs are stable. A subnet "
    "group's `availability_zone_ids` pair with its `ids` by position; the module indexes one "
    "by the other, so with fewer IDs it silently deploys into fewer AZs than declared and with "
    "more the plan stops on Terraform's raw 'Invalid index' (issue 13). Input subnet IDs are "
    "checked by the plan-time validation below.",
    source=f"AWS PrivateLink considerations ({sources.DOC_CES}); AZ IDs ({sources.AZ_IDS})",
    url=sources.AZ_IDS,
    check=_check_region,
    guard=_guard_input_subnet_order,
    guard_sites=("variable", "subnets"),
)

RULES = (SPEC001, SPEC002, SPEC003, SPEC004, SPEC005, SPEC006, SPEC007, SPEC008, SPEC009)
