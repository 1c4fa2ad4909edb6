"""SPEC0xx: the spec file itself (parse, shape, references, version, names, Regions)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Example, Hit, Rule
from generator.spec.types import AZ_ID, SECURITY_GROUP_ID

SPEC001 = Rule(
    id="SPEC001",
    name="malformed-file",
    severity=Severity.ERROR,
    summary="The file must be well-formed YAML or JSON, in UTF-8, and not empty or binary.",
    message="invalid YAML/JSON: <parser message>",
    hint="fix the syntax at the position shown",
    rationale="A file vpcegen cannot parse cannot be checked or rendered. Language-specific "
    "YAML tags are refused so that loading a spec never constructs objects.",
    source=f"YAML 1.2 ({sources.YAML_SPEC}); RFC 8259 ({sources.JSON_RFC})",
    url=sources.YAML_SPEC,
    examples=(
        Example(True, "version: 1\nname: example\nregion: eu-west-1: x  # expect: SPEC001\n"),
        Example(False, "version: 1\nname: example\nregion: eu-west-1\n"),
    ),
)

SPEC002 = Rule(
    id="SPEC002",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="Keys in a mapping must be unique.",
    message="duplicate key '<key>' (first defined at line N)",
    hint="remove or rename one of the two keys",
    rationale="YAML and JSON parsers disagree on duplicate keys (most keep the last one "
    "silently), so the spec would not mean what it seems to say.",
    source="YAML 1.2, section 3.2.1.1 (mapping keys are unique)",
    url=sources.YAML_SPEC,
    examples=(
        Example(
            True, "version: 1\nname: example\nregion: eu-west-1\nname: other  # expect: SPEC002\n"
        ),
        Example(False, "version: 1\nname: example\nregion: eu-west-1\n"),
    ),
)

SPEC003 = Rule(
    id="SPEC003",
    name="wrong-type-or-format",
    severity=Severity.ERROR,
    summary="Every value has the type and format the spec language gives it.",
    message="'<key>' must be <type>, not <type> / '<value>' is not a valid <kind>",
    hint="see 'vpcegen schema' for the expected shape",
    rationale="AWS rejects malformed IDs, CIDRs and ARNs at apply time; catching them at "
    "commit time keeps a broken module from being generated.",
    source=sources.SPEC_MD,
    examples=(
        Example(
            True,
            "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
            "    route_table_groups: private  # expect: SPEC003\n",
        ),
        Example(
            False,
            "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
            "    route_table_groups: [private]\n",
        ),
    ),
)

SPEC004 = Rule(
    id="SPEC004",
    name="unknown-key",
    severity=Severity.ERROR,
    summary="Unknown keys are errors, with a did-you-mean hint when a known key is close.",
    message="unknown key '<key>'",
    hint="did you mean '<key>'?",
    rationale="A misspelt key would otherwise be ignored and its intent silently lost.",
    source=sources.SPEC_MD,
    examples=(
        Example(
            True,
            "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
            "    route_tables: [private]  # expect: SPEC004\n",
        ),
        Example(
            False,
            "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
            "    route_table_groups: [private]\n",
        ),
    ),
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
            hint = f"define it under {where[kind]}"
            if close:
                hint += " or use one of: " + ", ".join(close)
            if kind == "security_groups":
                hint += " (or give a literal sg- ID)"
            label = kind[:-1].replace("_", " ")
            yield Hit(path, f"{label} '{name}' is not defined", hint)


SPEC005 = Rule(
    id="SPEC005",
    name="undefined-reference",
    severity=Severity.ERROR,
    summary="Names a spec refers to (subnet groups, route-table groups, security groups) "
    "must be defined in it.",
    message="<kind> '<name>' is not defined",
    hint="define it, or fix the spelling",
    rationale="A dangling name would render a reference to nothing.",
    source=sources.SPEC_MD,
    check=_check_references,
    examples=(
        Example(
            True,
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: privat  # expect: SPEC005\n    security_groups: [endpoints]\n",
        ),
        Example(
            False,
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n",
        ),
    ),
)

SPEC006 = Rule(
    id="SPEC006",
    name="unsupported-version",
    severity=Severity.ERROR,
    summary="`version` must be a version this vpcegen supports (1).",
    message="spec version <v> is not supported by this vpcegen",
    hint="set version: 1",
    rationale="Another version of the language may mean different things by the same keys.",
    source=sources.SPEC_MD,
    examples=(
        Example(True, "version: 2  # expect: SPEC006\nname: example\nregion: eu-west-1\n"),
        Example(False, "version: 1\nname: example\nregion: eu-west-1\n"),
    ),
)

MODULE_NAME = re.compile(r"[a-z][a-z0-9-]{0,62}")


def _check_name(ctx: Context) -> Iterator[Hit]:
    name = ctx.spec.name
    if not MODULE_NAME.fullmatch(name):
        yield Hit(
            ("name",),
            f"module name '{name}' is not a valid folder name",
            "use lower-case letters, digits and '-', starting with a letter, at most 63 characters",
        )
    elif ctx.run_names.get(name, 0) > 1:
        yield Hit(
            ("name",),
            f"module name '{name}' is used by {ctx.run_names[name]} specs in this run",
            "give each spec its own name; each becomes its own module folder",
        )


SPEC007 = Rule(
    id="SPEC007",
    name="invalid-module-name",
    severity=Severity.ERROR,
    summary="Module names are unique in one run and valid folder names (^[a-z][a-z0-9-]{0,62}$).",
    message="module name '<name>' is not a valid folder name / is used by N specs",
    hint="rename the spec's `name`",
    rationale="The name becomes a folder under --out; a path-like or repeated name would "
    "write outside it or make two specs overwrite one module.",
    source=sources.SPEC_MD,
    check=_check_name,
    examples=(
        Example(True, "version: 1\nname: ../escape  # expect: SPEC007\nregion: eu-west-1\n"),
        Example(False, "version: 1\nname: shared-endpoints\nregion: eu-west-1\n"),
    ),
)

SPEC008 = Rule(
    id="SPEC008",
    name="invalid-suppression",
    severity=Severity.ERROR,
    summary="A `suppress` entry names a known warning ID; errors cannot be suppressed.",
    message="'<id>' is not a rule ID / <id> is an error and cannot be suppressed",
    hint="suppress warnings only, by their exact ID",
    rationale="An error means AWS or the provider rejects the module or it cannot work; "
    "hiding it would only move the failure to apply time.",
    source=sources.SPEC_MD,
    examples=(
        Example(
            True,
            "version: 1\nname: example\nregion: eu-west-1\n"
            "suppress: [SPEC005]  # expect: SPEC008\n",
        ),
        Example(False, "version: 1\nname: example\nregion: eu-west-1\nsuppress: [IF004]\n"),
    ),
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


def _check_region(ctx: Context) -> Iterator[Hit]:
    from generator.spec.regions import load_regions

    regions = load_regions()
    spec = ctx.spec
    if not regions.is_region(spec.region, spec.partition):
        home = regions.partition_of(spec.region)
        if home is not None:
            yield Hit(
                ("region",),
                f"Region '{spec.region}' belongs to partition '{home}', not '{spec.partition}'",
                f"set partition: {home}",
            )
        else:
            close = regions.suggest_region(spec.region)
            yield Hit(
                ("region",),
                f"'{spec.region}' is not a known Region of partition '{spec.partition}'",
                f"did you mean '{close[0]}'?" if close else "use a Region code like eu-west-1",
            )
        return
    for az, path in _az_ids(ctx):
        at_key = path[-2] == "addresses"
        region_of_name = regions.looks_like_az_name(az)
        if region_of_name is not None:
            yield Hit(
                path,
                f"'{az}' is an Availability Zone name; use its AZ ID",
                "AZ names map to different zones in different accounts; find the ID with "
                "'aws ec2 describe-availability-zones' (ZoneId, like euw1-az1)",
                at_key=at_key,
            )
        elif not AZ_ID.fullmatch(az):
            yield Hit(
                path,
                f"'{az}' is not an Availability Zone ID",
                "AZ IDs look like euw1-az1",
                at_key=at_key,
            )
        else:
            az_region = regions.az_id_region(az)
            if az_region is not None and az_region != spec.region:
                prefix = regions.az_id_prefix(spec.region)
                yield Hit(
                    path,
                    f"AZ ID '{az}' is in {az_region}, not in the spec's Region {spec.region}",
                    f"AZ IDs of {spec.region} start with '{prefix}-'" if prefix else None,
                    at_key=at_key,
                )


SPEC009 = Rule(
    id="SPEC009",
    name="unknown-region-or-zone",
    severity=Severity.ERROR,
    summary="`region` is a known AWS Region of the spec's `partition`; AZ IDs belong to that "
    "Region; AZ names are rejected with a hint to use AZ IDs.",
    message="'<region>' is not a known Region / AZ ID '<az>' is in <region>",
    hint="use the Region code and AZ IDs (euw1-az1), not AZ names (eu-west-1a)",
    rationale="AWS PrivateLink considerations: Availability Zone names in a customer account "
    "might not map to the same locations as in another account; AZ IDs are stable.",
    source=f"AWS PrivateLink considerations ({sources.DOC_CES}); AZ IDs ({sources.AZ_IDS})",
    url=sources.AZ_IDS,
    check=_check_region,
    examples=(
        Example(
            True,
            "version: 1\nname: example\nregion: eu-west-1\nnetwork:\n  subnet_groups:\n"
            "    private:\n"
            "      availability_zone_ids: [euw1-az1, eu-west-1b]  # expect: SPEC009\n",
        ),
        Example(
            False,
            "version: 1\nname: example\nregion: eu-west-1\nnetwork:\n  subnet_groups:\n"
            "    private:\n      availability_zone_ids: [euw1-az1, euw1-az2]\n",
        ),
    ),
)

RULES = (SPEC001, SPEC002, SPEC003, SPEC004, SPEC005, SPEC006, SPEC007, SPEC008, SPEC009)
