"""The language reference, docs/spec-language.md, generated from the models, the endpoint-type
table, the field descriptions and the example specs (generator.spec.reference_examples).

`python scripts/regen.py` writes it; tests/spec/test_reference.py regenerates and compares it,
checks that every model field is in it and that every example in it is a spec without
findings. Every key's "example" is quoted from those examples, so it is a value that loads.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.policy_document import IAM_STATEMENT_KEYS, IAM_TOP_KEYS
from generator.spec import models as m
from generator.spec.endpoint_types import ALL_FIELDS, ENDPOINT_TYPES, KINDS
from generator.spec.reference_examples import EXAMPLE_FILES, EXAMPLES
from generator.spec.schema import iam_definitions
from generator.spec.types import Format

ANY = "*"  # in a Section's `where`: any key or list index


@dataclass(frozen=True)
class Section:
    title: str  # the key's path as a user reads it
    model: type[BaseModel]
    where: tuple[str, ...]  # its path in the example spec (ANY: every key or index)
    example: str  # a key of EXAMPLES
    about: str = ""
    fields: tuple[str, ...] | None = None  # default: every field of the model


def _defaults_sections() -> Iterator[Section]:
    aliases = {f.alias or n: n for n, f in m.Defaults.model_fields.items()}
    for type_name in ENDPOINT_TYPES:
        kind = KINDS[type_name]
        assert type_name in aliases  # the defaults section is spelled like the type
        yield Section(
            f"defaults.{type_name}",
            type(m.Defaults().for_type(type_name)),
            ("defaults", type_name),
            "defaults",
            f"What every {kind.label} endpoint takes unless it sets the key itself; each key "
            "means what it means on the endpoint ([endpoints.&lt;name&gt;](#endpointsname)).",
            kind.defaults,
        )


EP = ("endpoints", ANY)
NLB = ("endpoint_services", ANY, "network_load_balancer")
SECTIONS: tuple[Section, ...] = (
    Section("Top level", m.Spec, (), "top", "The keys of a spec file."),
    Section("terraform", m.TerraformSettings, ("terraform",), "top"),
    Section("network", m.Network, ("network",), "network"),
    Section("network.vpc", m.Vpc, ("network", "vpc"), "network"),
    Section(
        "network.subnet_groups.&lt;name&gt;",
        m.SubnetGroup,
        ("network", "subnet_groups", ANY),
        "network",
    ),
    Section(
        "network.route_table_groups.&lt;name&gt;",
        m.RouteTableGroup,
        ("network", "route_table_groups", ANY),
        "network",
    ),
    Section(
        "security_groups.&lt;name&gt;",
        m.SecurityGroup,
        ("security_groups", ANY),
        "security_groups",
        "A security group the module creates; endpoints name it in `security_groups`.",
    ),
    Section(
        "security_groups.&lt;name&gt;.ingress[]",
        m.IngressRule,
        ("security_groups", ANY, "ingress", ANY),
        "security_groups",
    ),
    Section(
        "security_groups.&lt;name&gt;.egress[]",
        m.EgressRule,
        ("security_groups", ANY, "egress", ANY),
        "security_groups",
    ),
    Section(
        "defaults",
        m.Defaults,
        ("defaults",),
        "defaults",
        "One section per endpoint type, with the keys `defaults.<type>` takes.",
    ),
    *_defaults_sections(),
    Section(
        "endpoints.&lt;name&gt;",
        m.EndpointBase,
        EP,
        "endpoints",
        "An endpoint; its `type` decides which keys it takes (the matrix). The loader accepts "
        "every key on every type so that the rules can say why a key does not fit (with a rule "
        "ID); the JSON Schema offers each type only its own keys.",
    ),
    Section("endpoints.&lt;name&gt;.dns", m.DnsOptions, (*EP, "dns"), "endpoints"),
    Section(
        "endpoints.&lt;name&gt;.addresses.&lt;AZ ID&gt;",
        m.FixedAddress,
        (*EP, "addresses", ANY),
        "endpoints",
    ),
    Section("endpoints.&lt;name&gt;.routes[]", m.Route, (*EP, "routes", ANY), "endpoints"),
    Section("endpoints.&lt;name&gt;.timeouts", m.Timeouts, (*EP, "timeouts"), "endpoints"),
    Section(
        "connection_notifications[]",
        m.ConnectionNotification,
        (*EP, "connection_notifications", ANY),
        "endpoints",
        "Of an endpoint or of an endpoint service.",
    ),
    Section(
        "policy: {file}",
        m.PolicyFile,
        (*EP, "policy"),
        "policy",
        "A policy document in a JSON or YAML file beside the spec (or below its folder).",
    ),
    Section(
        "policy: {preset: organization}",
        m.OrganizationPreset,
        (*EP, "policy"),
        "policy",
        "vpcegen writes the policy: every action, to principals of one AWS Organization.",
    ),
    Section(
        "policy: {preset: account}",
        m.AccountPreset,
        ("defaults", ANY, "policy"),
        "policy",
        "vpcegen writes the policy: every action, to principals of the listed accounts.",
    ),
    Section(
        "endpoint_services.&lt;name&gt;",
        m.EndpointService,
        ("endpoint_services", ANY),
        "endpoint_services",
        "A PrivateLink endpoint service this VPC offers, behind Network or Gateway Load Balancers.",
    ),
    Section(
        "endpoint_services.&lt;name&gt;.private_dns_verification",
        m.PrivateDnsVerification,
        ("endpoint_services", ANY, "private_dns_verification"),
        "endpoint_services",
    ),
    Section(
        "endpoint_services.&lt;name&gt;.network_load_balancer",
        m.NetworkLoadBalancer,
        NLB,
        "load_balancer",
        "The internal Network Load Balancer the module creates for the service (instead of "
        "`network_load_balancer_arns`).",
    ),
    Section(
        "network_load_balancer.access_logs",
        m.AccessLogs,
        (*NLB, "access_logs"),
        "load_balancer",
    ),
    Section(
        "network_load_balancer.listeners[]",
        m.Listener,
        (*NLB, "listeners", ANY),
        "load_balancer",
    ),
    Section(
        "network_load_balancer.target_groups.&lt;name&gt;",
        m.TargetGroup,
        (*NLB, "target_groups", ANY),
        "load_balancer",
    ),
    Section(
        "target_groups.&lt;name&gt;.health_check",
        m.HealthCheck,
        (*NLB, "target_groups", ANY, "health_check"),
        "load_balancer",
    ),
    Section(
        "target_groups.&lt;name&gt;.targets[]",
        m.Target,
        (*NLB, "target_groups", ANY, "targets", ANY),
        "load_balancer",
    ),
    Section(
        "sharing",
        m.Sharing,
        ("sharing",),
        "sharing",
        "Spoke VPCs and on-premises networks that the shared endpoints (`shared: true`) serve.",
    ),
    Section("sharing.spokes.&lt;name&gt;", m.Spoke, ("sharing", "spokes", ANY), "sharing"),
    Section(
        "sharing.inbound_resolver",
        m.InboundResolver,
        ("sharing", "inbound_resolver"),
        "sharing",
    ),
)

# Where each example is shown (the first section that uses it), with a sentence.
EXAMPLE_INTROS = {
    "top": "A spec with the top-level keys:",
    "network": "The network: a VPC, a subnet group and a route table group.",
    "security_groups": "A security group with ingress and egress rules:",
    "defaults": "Defaults for every endpoint type:",
    "endpoints": "One endpoint of each type, between them using every endpoint key:",
    "load_balancer": "An endpoint service with the Network Load Balancer the module creates:",
    "sharing": "Interface endpoints shared with spoke VPCs and on-premises networks:",
    "policy": "The three forms of `policy` (the file `policies/ecr.json` holds a policy document):",
    "endpoint_services": "Two endpoint services:",
}


# --- values -----------------------------------------------------------------------------------


def slug(title: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"&[a-z]+;", "", title.lower())
    return re.sub(r"[^a-z0-9_ -]", "", text).replace(" ", "-")


def _section_of(model: type[BaseModel]) -> Section | None:
    return next((s for s in SECTIONS if s.model is model), None)


def _link(model: type[BaseModel]) -> str:
    section = _section_of(model)
    return f"[mapping](#{slug(section.title)})" if section else "mapping"


def _flow(value: Any) -> str:
    """A value as YAML flow text, the way a user writes it on one line."""
    text = yaml.safe_dump(value, default_flow_style=True, width=10**6, sort_keys=False)
    return text.strip().removesuffix("...").strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def type_label(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> str:
    """How the reference names the type of a field."""
    for meta in metadata:
        if isinstance(meta, Format):
            return meta.label
    ge = next((x.ge for x in metadata if getattr(x, "ge", None) is not None), None)
    le = next((x.le for x in metadata if getattr(x, "le", None) is not None), None)
    if annotation is m.Policy:
        return "[policy](#policy)"
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        extra = [x for a in args[1:] for x in (a.metadata if isinstance(a, FieldInfo) else [a])]
        return type_label(args[0], [*metadata, *extra])
    if origin in (Union, types.UnionType):
        union = [a for a in args if a is not type(None)]
        if all(isinstance(a, type) and issubclass(a, m.EndpointBase) for a in union):
            return "[endpoint](#endpointsname) (by `type`)"
        return " or ".join(type_label(a) for a in union)
    if origin is Literal:
        return " | ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {type_label(args[0])}"
    if origin is dict:
        return f"map: {type_label(args[0])} → {type_label(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _link(annotation)
    names = {bool: "boolean", int: "integer", str: "string"}
    if annotation in names:
        label = names[annotation]
        if ge is not None and le is not None:
            label += f" {ge}-{le}"
        return label
    return "any"


def _default(info: FieldInfo) -> str:
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
        return "(keys' defaults)" if isinstance(value, BaseModel) else f"`{_flow(value)}`"
    if info.default is PydanticUndefined:
        return "**required**"
    if info.default is None:
        return "unset"
    return f"`{_flow(info.default)}`"


def _examples() -> dict[str, Any]:
    return {name: yaml.safe_load(text) for name, text in EXAMPLES.items()}


def _at(node: Any, where: tuple[str, ...]) -> Iterator[Any]:
    if not where:
        yield node
        return
    head, rest = where[0], where[1:]
    if isinstance(node, dict):
        items = list(node.values()) if head == ANY else [node[head]] if head in node else []
    elif isinstance(node, list) and head == ANY:
        items = node
    else:
        items = []
    for item in items:
        yield from _at(item, rest)


def example_value(section: Section, key: str, data: dict[str, Any]) -> Any:
    """The first value of `key` in the examples (the section's own first), where the mapping
    is the section's model (so `preset` is quoted from an organization preset in that
    section); KeyError if no example uses the key."""
    order = [section.example, *(name for name in data if name != section.example)]
    for name in order:
        for node in _at(data[name], section.where):
            if isinstance(node, dict) and key in node:
                try:
                    section.model.model_validate(node)
                except ValidationError:
                    continue
                return node[key]
    raise KeyError(f"{section.title}: no example uses {key!r}")


def section_keys(section: Section) -> list[tuple[str, FieldInfo]]:
    fields = section.model.model_fields
    names = section.fields if section.fields is not None else tuple(fields)
    return [(fields[n].alias or n, fields[n]) for n in names]


# --- the page -----------------------------------------------------------------------------------


def _yaml_block(text: str) -> list[str]:
    return ["```yaml", *text.rstrip("\n").splitlines(), "```", ""]


_LONG = 60  # longer example values are left to the example spec


def _key_table(section: Section, data: dict[str, Any]) -> list[str]:
    lines = ["| key | type | default | description | example |", "| --- | --- | --- | --- | --- |"]
    for key, info in section_keys(section):
        example = _flow(example_value(section, key, data))
        example = f"`{_cell(example)}`" if len(example) <= _LONG else "(in the example)"
        description = info.description or ""
        kind = _cell(type_label(info.annotation, info.metadata))
        if section.model is m.Defaults:
            kind = f"[mapping](#{slug('defaults.' + key)})"
            description = f"Defaults of {KINDS[key].label} endpoints ([defaults.{key}]"
            description += f"(#{slug('defaults.' + key)}))."
        elif section.title.startswith("defaults."):
            ep = m.EndpointBase.model_fields[key]
            description = f"Default of the endpoint key: {ep.description}"
        lines.append(
            f"| `{key}` | {kind} | {_cell(_default(info))} | {_cell(description)} | {example} |"
        )
    return [*lines, ""]


def _matrix() -> list[str]:
    header = "| key | " + " | ".join(f"`{t}`" for t in ENDPOINT_TYPES) + " |"
    lines = [header, "|" + " --- |" * (len(ENDPOINT_TYPES) + 1)]
    for key in ("type", *ALL_FIELDS, "tags"):
        always = key in ("type", "tags")
        marks = ["✓" if always or KINDS[t].takes(key) else "" for t in ENDPOINT_TYPES]
        lines.append(f"| `{key}` | " + " | ".join(marks) + " |")
    return [*lines, ""]


def _iam_table() -> list[str]:
    defs = iam_definitions()
    lines = ["| element | in | description |", "| --- | --- | --- |"]
    for where, keys, props in (
        ("document", IAM_TOP_KEYS, defs["IamPolicyDocument"]["properties"]),
        ("statement", IAM_STATEMENT_KEYS, defs["IamStatement"]["properties"]),
    ):
        for key in keys:
            lines.append(f"| `{key}` | {where} | {_cell(props[key].get('description', ''))} |")
    return [*lines, ""]


_HEAD = """\
<!-- Generated by `python scripts/regen.py` from generator/spec/ (models, endpoint-type table,
reference examples). Do not edit: tests/spec/test_reference.py fails when this page is stale. -->

# vpcegen spec language, version 1

A spec is one YAML (or JSON) file that describes one Terraform/OpenTofu module: the VPC
endpoints and endpoint services of one VPC. This page lists every key: its type, its default,
which endpoint types take it, and an example value, quoted from the example specs below (each
of them loads and passes every rule).

Editors complete and check specs with the JSON Schema
[vpcegen-spec.schema.json](vpcegen-spec.schema.json) (`vpcegen schema` prints it). Put this
line at the top of a spec, with the path from the spec to the schema file (or its URL):

```yaml
# yaml-language-server: $schema=../docs/vpcegen-spec.schema.json
```

The schema is JSON Schema draft-07, the newest draft the YAML language server
(redhat-developer/yaml-language-server, used by VS Code's YAML extension and many other
editors) validates with. It is stricter than vpcegen's loader on purpose: it offers each
endpoint type only the keys that type takes, and checks policy documents, ID formats and names
as you type, where `vpcegen validate` accepts the spec's shape and reports the same mistakes
through its rules, each with a rule ID, a hint and a source ([rules](rules.md)).

Names (the keys under `network.subnet_groups`, `security_groups`, `endpoints`, ...) are
lower-case letters, digits, `-` and `_`, starting with a letter, at most 64 characters.
Unknown keys are errors. `unset` means the key has no value unless you give one (for endpoint
keys: the `defaults` of its type, then AWS's or the provider's behaviour).

"""

_POLICY = """\
## policy

`policy` (on gateway and interface endpoints, and in their `defaults`) takes one of three
forms, told apart by their keys: a mapping with `file` is a policy file, one with `preset` a
preset, anything else an IAM policy document written inline (in YAML or JSON syntax). The
rules POL001 to POL011 check the document that results, whichever the form.

An inline document takes these IAM elements (the JSON Schema checks them; see the
[IAM policy grammar](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)):

"""


def _example(name: str) -> list[str]:
    out = [EXAMPLE_INTROS[name], "", *_yaml_block(EXAMPLES[name])]
    if name == "policy":
        for path, content in EXAMPLE_FILES.items():
            out += [f"`{path}`:", "", "```json", *content.rstrip().splitlines(), "```", ""]
    return out


_POLICY_SECTION = Section("policy", m.PolicyFile, (), "policy")


def reference_page() -> str:
    data = _examples()
    out = [_HEAD, "## Contents", ""]
    for section in SECTIONS:
        if section.title.startswith("policy"):
            section = _POLICY_SECTION
        entry = f"- [{section.title}](#{slug(section.title)})"
        if entry not in out:
            out.append(entry)
    out.append("")
    shown: set[str] = set()
    for section in SECTIONS:
        is_policy = section.title.startswith("policy")
        if is_policy and section.example not in shown:
            out += _POLICY.splitlines() + _iam_table()
            out += _example(section.example)
            shown.add(section.example)
        out += [f"{'###' if is_policy else '##'} {section.title}", ""]
        if section.about:
            out += [section.about, ""]
        if section.example not in shown:
            shown.add(section.example)
            out += _example(section.example)
        if section.model is m.EndpointBase:
            out += ["Which endpoint types take which keys:", "", *_matrix()]
        out += _key_table(section, data)
    return "\n".join(out).rstrip("\n") + "\n"
