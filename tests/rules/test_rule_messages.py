"""Rule messages are written once, as templates in the rule, and every one of them is used.

- every template parses, names its fields plainly, and formats without missing or extra fields
  (Rule.finding raises TemplateError otherwise, so running a case is the format test);
- every case (a rule's message and each named variant) is produced by at least one rule example,
  invalid fixture or case below;
- no Finding is made outside Rule.finding, and every finding carries a catalog rule ID.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.api import validate_paths
from generator.diagnostics import Finding, Span
from generator.loader.load import load_spec, load_text
from generator.loader.source import ParseFailure, decode_text
from generator.rules import base
from generator.rules.base import Rule, TemplateError
from generator.rules.catalog import RULES, rule_by_id
from generator.rules.engine import check_specs
from generator.rules.examples import HEADER, example_text
from tests.support.paths import ROOT

INVALID = ROOT / "tests" / "fixtures" / "specs" / "invalid"
# Rules whose main message the loader or the engine (not a check) reports.
REPORTED_OUTSIDE_CHECKS = {"SPEC001", "SPEC002", "SPEC003", "SPEC004", "SPEC006", "SPEC008"}
REPORTED_OUTSIDE_CHECKS |= {"SVC001"}

# The shared opening, cut where a case brings its own `network` or `security_groups`.
BASE = HEADER[: HEADER.index("network:")]
SECURITY_GROUPS = HEADER[HEADER.index("security_groups:") :]
VPC = "network:\n  vpc:\n    id: vpc-0123456789abcdef0\n    cidr_blocks: [10.0.0.0/16]\n"
NLB = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef"
SERVICE_NAME = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"


def _live_cases() -> set[tuple[str, str]]:
    """(rule ID, variant) of every case some code can report."""
    out: set[tuple[str, str]] = set()
    for rule in RULES:
        for case in rule.cases():
            if case.name or rule.check is not None or rule.id in REPORTED_OUTSIDE_CHECKS:
                out.add((rule.id, case.name))
    return out


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, str]]:
    """The (rule ID, variant) of every finding made while the test runs."""
    seen: set[tuple[str, str]] = set()
    original = Rule.finding

    def record(self: Rule, span: Span, variant: str = "", /, **fields: object) -> Finding:
        seen.add((self.id, variant))
        return original(self, span, variant, **fields)

    monkeypatch.setattr(Rule, "finding", record)
    return seen


def _check(text: str) -> list[Finding]:
    loaded = load_text("case.yaml", example_text(text))
    check_specs([loaded])
    return loaded.findings


# --- templates ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_templates_parse_and_name_plain_fields(rule: Rule) -> None:
    names = [case.name for case in rule.cases()]
    assert len(names) == len(set(names)), f"{rule.id} repeats a variant name"
    for case in rule.cases():
        assert re.fullmatch(r"|[a-z0-9]+(?:-[a-z0-9]+)*", case.name), case.name
        for template in (case.message, case.hint or ""):
            for _, field, _, _ in string.Formatter().parse(template):
                assert field is None or field.isidentifier(), (
                    f"{rule.id}[{case.name}]: field {{{field}}} in {template!r} is not a plain name"
                )
        assert case.message.strip(), f"{rule.id}[{case.name}] has no message"


def test_finding_refuses_missing_and_extra_fields() -> None:
    rule = rule_by_id("SPEC007")
    assert rule is not None
    span = Span("x.yaml", 1, 1)
    assert rule.finding(span, name="Bad").message == "module name 'Bad' is not a valid folder name"
    with pytest.raises(TemplateError, match="missing fields"):
        rule.finding(span)
    with pytest.raises(TemplateError, match="extra fields"):
        rule.finding(span, name="x", count=2)
    with pytest.raises(TemplateError, match="no message variant"):
        rule.finding(span, "nope", name="x")


# --- every case is reported somewhere -------------------------------------------------------

# Each entry: a spec (after the shared example opening unless it starts with `version:`) and the
# cases it must produce. One spec may exercise several cases of one rule.
CASES: list[tuple[str, set[tuple[str, str]]]] = [
    (
        "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
        "    route_table_groups: [private]\n"
        "    policy:\n"
        "      Versio: x\n"
        "      Statement:\n"
        "        - Sid: 7\n"
        "          Efect: Allow\n"
        "          Zzzz: 1\n"
        "          Action: [s3:GetObject, 5, bad action]\n"
        "          NotAction: []\n"
        "          Resource: bucket\n"
        "          Principal: {Aws: '*', Qqqq: x}\n"
        "          Condition: {StringEqualz: {aws:SourceVpc: x}, Bool: [], StringLike: {k: {}}}\n"
        "        - Effect: allowed\n"
        "          Principal: 5\n"
        "          Resource: {a: b}\n"
        "          Condition: 3\n"
        "        - Effect: Maybe\n"
        "          Action: '*'\n"
        "          NotResource: '*'\n"
        "          Resource: '*'\n"
        "          Principal: '*'\n"
        "          Sid: same\n"
        "        - {Effect: Allow, Action: '*', Resource: '*', Principal: '*', Sid: same}\n"
        "        - 5\n",
        {
            ("POL001", c)
            for c in (
                "",
                "element-no-close",
                "no-effect",
                "effect",
                "effect-no-close",
                "both",
                "missing",
                "strings-empty",
                "strings-entry",
                "strings-type",
                "action",
                "not-arn",
                "principal-shape",
                "principal-type",
                "principal-type-no-close",
                "condition-shape",
                "operator",
                "operator-block",
                "condition-value",
                "sid-type",
                "top-element",
                "sid-reused",
                "statement-not-mapping",
            )
        },
    ),
    (
        "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
        "    route_table_groups: [private]\n"
        "    policy: {Version: '1999-01-01', Zzzzzz: 1}\n",
        {("POL001", "version"), ("POL001", "no-statement"), ("POL001", "top-element-no-close")},
    ),
    (
        "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
        "    route_table_groups: [private]\n"
        "    policy: {Version: '2012-10-17', Statement: 5}\n",
        {("POL001", "statement-shape")},
    ),
    (
        "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
        "    route_table_groups: [private]\n"
        "    policy:\n"
        "      Statement:\n"
        "        - Effect: Allow\n"
        "          Action: '*'\n"
        "          Resource: ['*', 'arn:aws:s3:::b']\n"
        "          Principal: '*'\n"
        "          Condition:\n"
        "            NumericEquals: {aws:PrincipalAccount: 1}\n"
        "            StringLike: {aws:SourceArn: 'arn:aws:sqs:eu-west-1:1111*:q'}\n"
        "            NumericLessThan: {n: .inf}\n",
        {("POL008", "numeric"), ("POL010", "condition"), ("POL001", "not-number")},
    ),
    (
        "defaults:\n  interface:\n"
        "    policy: {preset: organization, organization_id: o-a1b2c3d4e5}\n"
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n"
        "  partner:\n    type: interface\n    service_name: " + SERVICE_NAME + "\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n",
        {("POL006", "")},
    ),
    (
        "defaults:\n  interface:\n"
        "    policy: {preset: organization, organization_id: o-a1b2c3d4e5}\n"
        "endpoints:\n  aps:\n    type: interface\n    service: aps\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n",
        {("POL005", "")},
    ),
    (
        "endpoints:\n  app:\n    type: gateway-load-balancer\n"
        "    service_name: " + SERVICE_NAME + "\n"
        "    routes: [{route_table_group: private, destination: 0.0.0.0/0}]\n"
        "  app2:\n    type: gateway-load-balancer\n"
        "    service_name: " + SERVICE_NAME + "\n    subnet_group: single\n"
        "    routes: [{route_table_group: private, destination: 10.1.0.0/16}]\n"
        "  app3:\n    type: gateway-load-balancer\n"
        "    service_name: " + SERVICE_NAME + "\n    subnet_group: single\n"
        "    routes: [{route_table_group: private, destination: 10.2.0.0/16}]\n",
        {("GWLB001", "no-group")},
    ),
    (
        BASE + VPC + "  subnet_groups:\n    one:\n      ids: [subnet-0fff5555aaaa6666b]\n"
        "  route_table_groups:\n    private: {ids: [rtb-0123456789abcdef0]}\n"
        "endpoints:\n  app:\n    type: gateway-load-balancer\n"
        "    service_name: " + SERVICE_NAME + "\n    subnet_group: one\n"
        "    routes: [{route_table_group: private, destination: 10.1.0.0/16}]\n"
        "  app2:\n    type: gateway-load-balancer\n"
        "    service_name: " + SERVICE_NAME + "\n    subnet_group: one\n"
        "    routes: [{route_table_group: private, destination: 10.2.0.0/16}]\n",
        {("GWLB005", "group")},
    ),
    (
        "endpoint_services:\n"
        "  both:\n    network_load_balancer_arns: []\n"
        "    allowed_principals: ['arn:aws:iam::111122223333:root']\n"
        "  none:\n    allowed_principals: ['arn:aws:iam::111122223333:root']\n"
        "  arns:\n    network_load_balancer_arns:\n"
        "      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/b_d/0123\n"
        "      - arn:aws-cn:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/a/"
        "0123456789abcdef\n"
        "      - arn:aws:s3:::bucket\n"
        "    allowed_principals:\n"
        "      - arn:aws:iam::111122223333:rol/x\n"
        "      - arn:aws:sts::111122223333:assumed-role/r/s\n"
        "      - arn:aws-cn:iam::111122223333:root\n"
        "      - arn:aws:iam::111122223333:role/bad!name\n"
        "      - arn:aws-cn:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-abcdefgh\n"
        "    supported_regions: [eu-west-l, cn-north-1, zz-nowhere-9]\n"
        "    supported_ip_address_types: [IPv4, dual-stack, ipx]\n",
        {
            ("ES001", "empty"),
            ("ES001", "none"),
            ("ES002", "lb-name"),
            ("ES002", "lb-id"),
            ("ES002", "partition"),
            ("ES002", "not-elb"),
            ("PRN001", ""),
            ("PRN001", "sts"),
            ("PRN001", "partition"),
            ("PRN001", "iam-name"),
            ("PRN001", "ou-partition"),
            ("ES012", ""),
            ("ES012", "partition"),
            ("ES012", "no-close"),
            ("IP010", "case"),
            ("IP010", "both"),
            ("IP010", ""),
        },
    ),
    (
        "endpoint_services:\n  api:\n    network_load_balancer_arns: [" + NLB + "]\n"
        "    allowed_principals: ['arn:aws:iam::111122223333:root']\n"
        "    supported_ip_address_types: [dual]\n",
        {("IP010", "dual-stack")},
    ),
    (
        "endpoint_services:\n  api:\n    network_load_balancer_arns: [" + NLB + "]\n"
        "    allowed_principals: ['arn:aws:iam::111122223333:root']\n"
        "    private_dns_verification: {route53_zone_id: Z0123456789ABCDEFGHIJ}\n"
        "  names:\n    network_load_balancer_arns: [" + NLB + "]\n"
        "    allowed_principals: ['arn:aws:iam::111122223333:root']\n"
        "    private_dns_name: 'bad..x' \n",
        {("PDN001", "no-name"), ("PDN003", "empty-label")},
    ),
    *[
        (
            "endpoint_services:\n  api:\n    network_load_balancer_arns: [" + NLB + "]\n"
            "    allowed_principals: ['arn:aws:iam::111122223333:root']\n"
            f"    private_dns_name: '{dns}'\n",
            {("PDN003", variant)},
        )
        for dns, variant in (
            ("api.example.com.", "trailing-dot"),
            ("localhost", "single-label"),
            ("a" * 64 + ".example.com", "long-label"),
            (".".join(["abcdefghij"] * 24) + ".com", "too-long"),
            ("bücher.example.com", "not-ascii"),
            ("api.*.example.com", "wildcard"),
        )
    ],
    (
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n"
        "    connection_notifications:\n"
        "      - {sns_topic_arn: 'arn:aws:sqs:eu-west-1:111122223333:q', events: [accept]}\n"
        "      - {sns_topic_arn: 'arn:aws-cn:sns:cn-north-1:111122223333:t', events: []}\n"
        "      - {sns_topic_arn: 'arn:aws:sns:eu-west-l:111122223333:t', events: [Connect]}\n"
        "      - {sns_topic_arn: 'topic', events: [Connect]}\n"
        "endpoint_services:\n  gw:\n"
        "    gateway_load_balancer_arns:\n"
        "      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/gwy/fw/"
        "0123456789abcdef\n"
        "    allowed_principals: ['arn:aws:iam::111122223333:root']\n"
        "    connection_notifications:\n"
        "      - {sns_topic_arn: 'arn:aws:sns:eu-west-1:111122223333:t', events: [Connect]}\n",
        {
            ("CN002", "case"),
            ("CN002", "no-events"),
            ("CN003", "other-service"),
            ("CN003", "partition"),
            ("CN003", "region"),
            ("CN003", ""),
            ("CN004", "gwlb-service"),
        },
    ),
    (
        BASE + VPC + "    dns_support: false\n"
        "  route_table_groups:\n    private: {ids: [rtb-0123456789abcdef0]}\n"
        "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
        "    route_table_groups: [private]\n    addresses: {euw1-az1: {ipv4: 10.0.0.10}}\n"
        "  s3b:\n    type: gateway\n    service: s3\n    route_table_groups: [private]\n",
        {("GW001", "addresses"), ("GW007", "")},
    ),
    (
        BASE + VPC + "  route_table_groups:\n    private: {ids: [rtb-0123456789abcdef0]}\n"
        "    other: {ids: [rtb-0123456789abcdef0]}\n"
        "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
        "    route_table_groups: [private]\n"
        "  s3b:\n    type: gateway\n    service: s3\n    route_table_groups: [other]\n"
        "  ddb:\n    type: gateway\n    service: dynamodb\n    route_table_groups: [private]\n"
        "    dns: {record_ip_type: dualstack}\n",
        {("GW003", "table"), ("GW009", "records")},
    ),
    (
        BASE + VPC + "  subnet_groups:\n"
        "    doubled:\n      availability_zone_ids: [euw1-az1, euw1-az1]\n"
        "    empty:\n      ids: []\n"
        "    lonely:\n      ids: [subnet-0fff5555aaaa6666b]\n" + SECURITY_GROUPS + "endpoints:\n"
        "  a:\n    type: interface\n    service: ssm\n    subnet_group: doubled\n"
        "    security_groups: [endpoints]\n"
        "  b:\n    type: interface\n    service: ssm\n    subnet_group: empty\n"
        "    security_groups: [endpoints]\n"
        "  c:\n    type: interface\n    service: ssmmessages\n    subnet_group: lonely\n"
        "    security_groups: [endpoints]\n",
        {("IF001", "no-ids"), ("IF003", "empty-group"), ("IF004", "no-az")},
    ),
    (
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints"
        + "".join(f", sg-0123456789abcdef{i:x}" for i in range(16))
        + "]\n",
        {("IF006", "hard-limit")},
    ),
    (
        HEADER[: HEADER.index("security_groups:")]
        + "security_groups:\n  other:\n    ingress: [{port: 22, from: vpc}]\n"
        "endpoints:\n  ec2:\n    type: interface\n    service: email-smtp\n"
        "    subnet_group: private\n"
        "    security_groups: [other]\n"
        "  dms:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [other]\n",
        {("IF007", "ports")},
    ),
    (
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    dns: {inbound_resolver_only: true}\n",
        {("S3003", "not-s3")},
    ),
    (
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    ip_address_type: IPv4\n"
        "    dns: {record_ip_type: Dual-Stack}\n"
        "  ec2:\n    type: interface\n    service: ec2\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    ip_address_type: ipvx\n"
        "    dns: {record_ip_type: IPV4}\n",
        {("IP001", ""), ("IP001", "case"), ("IP005", "dual-stack"), ("IP005", "case")},
    ),
    (
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    ip_address_type: dual\n",
        {("IP001", "dual-stack")},
    ),
    (
        BASE + VPC + "    ipv6: false\n  subnet_groups:\n"
        "    private:\n      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]\n"
        "      availability_zone_ids: [euw1-az1, euw1-az2]\n"
        "    none:\n      ids: [subnet-0fff5555aaaa6666b]\n      ipv4: false\n    dual:\n"
        "      ids: [subnet-0aaa1111bbbb2222c]\n      availability_zone_ids: [euw1-az1]\n"
        "      ipv6: true\n"
        + SECURITY_GROUPS
        + "defaults:\n  interface:\n    ip_address_type: ipv4\n"
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: dual\n"
        "    security_groups: [endpoints]\n    ip_address_type: dualstack\n"
        "  v6:\n    type: interface\n    service: ssm\n    subnet_group: none\n"
        "    security_groups: [endpoints]\n    ip_address_type: ipv6\n    private_dns: false\n"
        "  v6b:\n    type: interface\n    service: ec2\n    subnet_group: none\n"
        "    security_groups: [endpoints]\n    ip_address_type: ipv6\n    private_dns: false\n"
        "  acm:\n    type: interface\n    service: acm\n    subnet_group: dual\n"
        "    security_groups: [endpoints]\n    ip_address_type: dualstack\n"
        "  x3:\n    type: interface\n    service: s3express\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n"
        "  x3b:\n    type: interface\n    service: s3express\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    private_dns: true\n"
        "  rec:\n    type: interface\n    service: ec2\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    dns: {record_ip_type: ipv6}\n",
        {
            ("IP003", "vpc"),
            ("IP003", "service"),
            ("IP004", "no-ipv6"),
            ("IP004", "service"),
            ("IP006", "defaults"),
            ("IF010", "no-name"),
            ("IF010", "no-name-default"),
        },
    ),
    (
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    ip_address_type: dualstack\n"
        "    addresses:\n      euw1-az1: {ipv6: '2001:db8::1'}\n"
        "      euw1-az2: {ipv4: 10.0.0.0}\n"
        "  ec2:\n    type: interface\n    service: ec2\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    ip_address_type: ipv6\n"
        "    addresses:\n      euw1-az1: {ipv4: 10.0.1.10}\n"
        "  sts:\n    type: interface\n    service: sts\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    ip_address_type: ipv4\n"
        "    addresses:\n      euw1-az1: {ipv4: 10.0.1.10}\n      euw1-az2: {ipv4: 10.0.2.10}\n"
        "  kms:\n    type: interface\n    service: kms\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    ip_address_type: ipv4\n"
        "    addresses:\n      euw1-az1: {ipv4: 10.0.1.10}\n      euw1-az2: {ipv4: 10.0.2.11}\n",
        {
            ("IP008", "no-ipv4"),
            ("IP008", "no-ipv6"),
            ("IP008", "reserved"),
            ("IP008", "reused"),
            ("IP008", "unused"),
        },
    ),
    (
        "endpoints:\n  big:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n"
        "    policy:\n      Statement:\n"
        + "".join(
            f"        - {{Sid: s{i}, Effect: Allow, Principal: '*', Action: 'ssm:GetParameter',"
            f" Resource: 'arn:aws:ssm:eu-west-1:111122223333:parameter/{'p' * 120}{i}'}}\n"
            for i in range(80)
        ),
        {("POL003", "near-limit")},
    ),
    (
        "endpoints:\n  a:\n    type: gateway\n    service: s3\n    route_table_groups: [private]\n"
        "    policy:\n      Statement:\n"
        "        - {Effect: Allow, Action: '*', Resource: '*', Principal: {AWS: ['*', 'x']}}\n",
        {("POL002", "gateway-principal")},
    ),
    (
        "endpoints:\n"
        + "".join(f"  s3n{i}:\n    type: gateway\n    service: s3\n" for i in range(256)),
        {("Q002", "ceiling")},
    ),
    (
        HEADER[: HEADER.index("security_groups:")] + "security_groups:\n  wide:\n    ingress:\n"
        "      - {port: 443, from: ["
        + ", ".join(f"10.{i // 250}.{i % 250}.0/24" for i in range(1001))
        + "]}\n",
        {("Q006", "ceiling")},
    ),
    (
        HEADER[: HEADER.index("security_groups:")] + "security_groups:\n  twice:\n    ingress:\n"
        "      - {port: 443, from: [10.1.0.0/16, 10.1.0.0/16]}\n",
        {("SG004", "same-rule")},
    ),
    (
        BASE
        + "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: nowhere\n"
        "    security_groups: [nothing]\n",
        {("SPEC005", "none-defined"), ("SPEC005", "security-group-none-defined")},
    ),
    (
        "version: 1\nname: example\nregion: xq-nowhere-7\n",
        {("SPEC009", "no-close")},
    ),
    (
        "version: 1\nname: example\nregion: cn-north-1\n",
        {("SPEC009", "partition")},
    ),
    (
        "version: 1\nname: example\nregion: eu-west-1\nnetwork:\n  subnet_groups:\n"
        "    a:\n      availability_zone_ids: [euw1-zz]\n",
        {("SPEC009", "not-az-id")},
    ),
    (
        "endpoints:\n  gw:\n    type: gateway\n    service_name: " + SERVICE_NAME + "\n"
        "    route_table_groups: [private]\n"
        "  x:\n    type: interface\n    service: com.amazonaws.eu-west-1.ssm\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n"
        "  y:\n    type: interface\n    service: zzzzzzzzqqq\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n",
        {("SVC002", "custom"), ("SVC004", "full-name"), ("SVC004", "no-close")},
    ),
    (
        "endpoints:\n"
        "  a:\n    type: interface\n    service_name: com.amazonaws.vpce.x\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n"
        "  b:\n    type: interface\n"
        "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-01234567\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n"
        "  c:\n    type: interface\n"
        "    service_name: cn.com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n",
        {("SVC005", ""), ("SVC005", "legacy-id"), ("SVC005", "prefix")},
    ),
    (
        "endpoints:\n"
        "  a:\n    type: interface\n    service_name: com.amazonaws.us-east-1.ssm\n"
        "    service_region: us-west-2\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n"
        "  b:\n    type: gateway\n    service_name: com.amazonaws.us-east-1.s3\n"
        "    route_table_groups: [private]\n",
        {("SVC006", "service-region"), ("SVC006", "same-region-type")},
    ),
    (
        "endpoints:\n"
        "  a:\n    type: interface\n    subnet_group: private\n    security_groups: [endpoints]\n"
        "  b:\n    type: interface\n    service: ssm\n"
        "    resource_configuration_arn: arn:aws:vpc-lattice:eu-west-1:111122223333:"
        "resourceconfiguration/rcfg-0123456789abcdef0\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n"
        "  c:\n    type: resource\n"
        "    resource_configuration_arn: arn:aws-cn:vpc-lattice:eu-west-1:111122223333:"
        "resourceconfiguration/rcfg-0123456789abcdef0\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n",
        {("SVC007", ""), ("SVC007", "wrong-field"), ("SVC007", "arn-partition")},
    ),
    (
        "endpoints:\n"
        "  a:\n    type: resource\n    resource_configuration_arn: "
        "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n    private_dns: false\n"
        "    dns: {private_dns_preference: ALL_DOMAINS}\n"
        "  b:\n    type: resource\n    resource_configuration_arn: "
        "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef1\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n    private_dns: true\n"
        "    dns: {private_dns_preference: EVERYTHING}\n"
        "  c:\n    type: resource\n    resource_configuration_arn: "
        "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef2\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n    private_dns: true\n"
        "    dns: {private_dns_preference: SPECIFIED_DOMAINS_ONLY}\n"
        "  d:\n    type: resource\n    resource_configuration_arn: "
        "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef3\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n    private_dns: true\n"
        "    dns:\n      private_dns_preference: SPECIFIED_DOMAINS_ONLY\n"
        "      private_dns_specified_domains: ["
        + ", ".join(f"d{i}.example.com" for i in range(11))
        + "]\n",
        {
            ("SVC008", "private-dns-off"),
            ("SVC008", "preference"),
            ("SVC008", "no-domains"),
            ("SVC008", "domain-count"),
        },
    ),
    (
        "tags:\n" + "".join(f"  t{i}: v\n" for i in range(50)) + "  '': empty\n  name: lower\n"
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n"
        "    tags: {NAME: x, k: " + "v" * 257 + ", 'bad{key': x}\n",
        {
            ("TAG001", "spec"),
            ("TAG002", "empty-key"),
            ("TAG002", "long-value"),
            ("TAG003", "spec-name"),
            ("TAG005", ""),
        },
    ),
    (
        "tags:\n  " + "k" * 129 + ": v\n"
        "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n    subnet_group: private\n"
        "    security_groups: [endpoints]\n    tags: {NAME: x}\n",
        {("TAG002", ""), ("TAG003", "resource-name")},
    ),
    (
        "endpoints:\n  a:\n    type: interface\n    service: s3\n    service_region: cn-north-1\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n"
        "  b:\n    type: interface\n    service: s3\n    service_region: zz-nowhere-9\n"
        "    subnet_group: private\n    security_groups: [endpoints]\n",
        {("XR001", "other-partition"), ("XR001", "unknown-no-close")},
    ),
    (
        "version: 1\nname: example\nregion: eu-west-1\n"
        "network:\n  zzzqqqxxx: 1\n"
        "security_groups:\n  s:\n    ingress:\n"
        "      - {port: '443', from: vpc}\n"
        "      - {port: 70000, from: vpc}\n"
        "      - {protocol: icmp, port: 1, from: vpc}\n"
        "      - {port: 1, from: [10.0.0.1/8]}\n"
        "endpoints:\n  x:\n    service: ssm\n"
        "  s3:\n    type: gateway\n    service: s3\n"
        "    policy: {preset: nope, organization_id: o-a1b2c3d4e5}\n"
        "  s4:\n    type: gateway\n    service: s3\n    tags: {a: 1}\n",
        {
            ("SPEC003", "quoted-number"),
            ("SPEC003", "constraint"),
            ("SPEC003", "literal"),
            ("SPEC003", "format"),
            ("SPEC003", "preset-no-close"),
            ("SPEC003", ""),
            ("SPEC004", "allowed"),
            ("SVC001", "missing"),
        },
    ),
    (
        "version: 1\nname: example\nregion: eu-west-1\n"
        "tags: {a: b}\nsecurity_groups: {}\ndescription: x\nterraform: {required_versio: x}\n",
        {("SPEC004", "")},
    ),
    ("version: 1\nregion: eu-west-1\n", {("SPEC003", "missing")}),
]


def _case_ids() -> list[str]:
    return [",".join(sorted(f"{r}[{v}]" for r, v in want))[:60] or "quiet" for _, want in CASES]


@pytest.mark.parametrize(("text", "want"), CASES, ids=_case_ids())
def test_case_is_reported(text: str, want: set[tuple[str, str]], recorded: set[Any]) -> None:
    _check(text)
    assert want <= recorded, f"not reported: {sorted(want - recorded)}"


def _parse_failure(raw: bytes) -> tuple[str, str]:
    seen: list[tuple[str, str]] = []
    original = Rule.finding

    def record(self: Rule, span: Span, variant: str = "", /, **fields: object) -> Finding:
        seen.append((self.id, variant))
        return original(self, span, variant, **fields)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Rule, "finding", record)
        try:
            text = decode_text("case.yaml", raw)
            loaded = load_text("case.yaml", text)
        except ParseFailure:
            pass
        else:
            check_specs([loaded])
    assert seen, "no finding"
    return seen[0]


# Files that cannot be read as data (SPEC001): raw bytes -> the case they must produce.
PARSE_CASES: list[tuple[bytes, str]] = [
    (b"\xff\xfeversion: 1\n", "utf16"),
    (b"version: 1\nname: \xe9t\xe9\n", "not-utf8"),
    (b"version: 1\x00\n", "binary"),
    (b"# only a comment\n", "no-document"),
    (b"a: &x [*x]\n", "alias-cycle"),
    (b"a: !!int x\n", "tag-value"),
    (b"? [a, b]\n: 1\n", "complex-key"),
    (b"a: " + b"1" * 500 + b"\n", "long-number"),
    (b"a:\n  <<: 5\n", "merge-not-mapping"),
    (b"a: " + b"[" * 70 + b"]" * 70 + b"\n", "too-deep"),
    (
        b"a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        + b"".join(
            f"{k}: &{k} [{', '.join(['*' + p] * 10)}]\n".encode()
            for p, k in zip("abcdef", "bcdefg", strict=True)
        ),
        "too-many-values",
    ),
    (b"x: 1\n" * 10 + b"y: " + b"z" * (2 * 1024 * 1024) + b"\n", "too-large"),
]


def _deep_merges() -> bytes:
    lines = ["m0: &m0 {k0: 1}"]
    for i in range(1, 70):
        lines.append(f"m{i}: &m{i} {{<<: *m{i - 1}}}")
    return ("\n".join(lines) + "\n").encode()


PARSE_CASES.append((_deep_merges(), "merge-too-deep"))


@pytest.mark.parametrize(("raw", "variant"), PARSE_CASES, ids=[v for _, v in PARSE_CASES])
def test_parse_case_is_reported(raw: bytes, variant: str) -> None:
    assert _parse_failure(raw) == ("SPEC001", variant)


def _policy_file_cases(tmp: Path) -> Iterator[tuple[Path, str]]:
    (tmp / "broken.json").write_text("{", encoding="utf-8")
    (tmp / "list.json").write_text("[1]", encoding="utf-8")
    (tmp / "folder.json").mkdir()
    for ref, variant in (
        ("/etc/passwd", "file-outside"),
        ("absent.json", "file-missing"),
        ("folder.json", "file-unreadable"),
        ("broken.json", "file-not-data"),
        ("list.json", "file-not-document"),
    ):
        spec = tmp / f"{variant}.yaml"
        spec.write_text(
            HEADER + "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
            f"    route_table_groups: [private]\n    policy: {{file: '{ref}'}}\n",
            encoding="utf-8",
        )
        yield spec, variant


def test_policy_file_cases_are_reported(
    tmp_path: Path, recorded: set[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for spec, variant in _policy_file_cases(tmp_path):
        loaded = load_spec(spec.name, spec)
        check_specs([loaded])
        assert ("POL001", variant) in recorded, variant


def _defensive_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cases today's data cannot reach (no catalog service accepts only the full-access policy;
    every model has keys; every supported Region has an AZ ID prefix), run with that data
    patched so the text is still exercised."""
    import dataclasses

    from generator.loader import errors
    from generator.rules.base import Context
    from generator.spec.regions import load_regions

    real = Context.service_info

    def full_access_only(self: Context, ep: Any) -> Any:
        info = real(self, ep)
        return dataclasses.replace(info, policy="full-access-only") if info else None

    with monkeypatch.context() as mp:
        mp.setattr(Context, "service_info", full_access_only)
        _check(
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n"
            "    policy: {preset: organization, organization_id: o-a1b2c3d4e5}\n"
        )
    with monkeypatch.context() as mp:
        mp.setattr(errors, "allowed_keys", lambda data, path: [])
        _check("version: 1\nname: example\nregion: eu-west-1\nzzz: 1\n")
    with monkeypatch.context() as mp:
        mp.setattr(type(load_regions()), "az_id_prefix", lambda self, region: None)
        _check(
            "version: 1\nname: example\nregion: eu-west-1\nnetwork:\n  subnet_groups:\n"
            "    a:\n      availability_zone_ids: [use1-az1]\n"
        )


def test_defensive_cases_are_reported(recorded: set[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    _defensive_cases(monkeypatch)
    want = {("POL005", "full-access-only"), ("SPEC004", "no-keys")}
    want.add(("SPEC009", "az-region-no-prefix"))
    assert want <= recorded, sorted(want - recorded)


def test_every_case_is_reported_somewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: set[tuple[str, str]] = set()
    original = Rule.finding

    def record(self: Rule, span: Span, variant: str = "", /, **fields: object) -> Finding:
        seen.add((self.id, variant))
        return original(self, span, variant, **fields)

    monkeypatch.setattr(Rule, "finding", record)
    for rule in RULES:
        for example in rule.examples:
            _check(example.text)
    for text, _ in CASES:
        _check(text)
    invalid = sorted(p for p in INVALID.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    monkeypatch.chdir(ROOT)
    validate_paths([str(p.relative_to(ROOT)) for p in invalid])
    seen |= {("SPEC001", v) for _, v in PARSE_CASES}
    _defensive_cases(monkeypatch)
    policy_dir = tmp_path / "policies"
    policy_dir.mkdir()
    monkeypatch.chdir(policy_dir)
    for spec, _ in _policy_file_cases(policy_dir):
        check_specs([load_spec(spec.name, spec)])
    missing = sorted(_live_cases() - seen)
    assert not missing, f"cases no example, fixture or test reports: {missing}"


# --- one way to make a Finding --------------------------------------------------------------


def test_findings_are_made_only_by_rule_finding() -> None:
    """Every Finding comes from Rule.finding, so its text, severity and link are the rule's."""
    made = re.compile(r"\bFinding\(")
    offenders = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if made.search(line) and not line.lstrip().startswith(("class ", "#")):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    # Import findings (IMPnnn) are about an AWS description, not a spec, so they are not
    # catalog rules; generator/importer/findings.py makes them from its own one table.
    offenders = [o for o in offenders if not o.startswith("generator/importer/findings.py:")]
    assert offenders == ["generator/rules/base.py:" + _finding_line() + ": return Finding("], (
        "Findings made outside Rule.finding:\n" + "\n".join(offenders)
    )
    assert "replace(" not in (ROOT / "generator" / "rules" / "engine.py").read_text()


def _finding_line() -> str:
    lines = (ROOT / "generator" / "rules" / "base.py").read_text(encoding="utf-8").splitlines()
    return str(next(i for i, line in enumerate(lines, 1) if "return Finding(" in line))


def test_every_reported_rule_id_is_in_the_catalog(in_repo: Path) -> None:
    invalid = sorted(p for p in INVALID.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    result = validate_paths([str(p.relative_to(in_repo)) for p in invalid])
    ids = {f.rule_id for f in result.findings}
    for text, _ in CASES:
        ids |= {f.rule_id for f in _check(text)}
    assert ids and all(rule_by_id(i) is not None for i in ids), sorted(ids)
    for f in result.findings:
        rule = rule_by_id(f.rule_id)
        assert rule is not None and f.see == rule.source_url


def test_base_module_has_no_stray_text() -> None:
    """A hit carries values only: the Hit type has no message or hint to drift."""
    fields = set(base.Hit.__dataclass_fields__)
    assert fields == {"path", "variant", "fields", "at_key"}
