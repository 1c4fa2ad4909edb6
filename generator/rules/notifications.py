"""CN0xx: connection notifications (SNS alerts for endpoint and endpoint-service events)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit, takes
from generator.spec.models import ConnectionNotification

EVENTS = ("Accept", "Connect", "Delete", "Reject")

# arn:<partition>:sns:<region>:<account>:<topic>; topic names are 1-256 letters, digits, '-'
# and '_', FIFO topics end in '.fifo'.
SNS_TOPIC_ARN = re.compile(
    r"arn:(?P<partition>aws(?:-[a-z]+)*):sns:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    r"(?P<topic>[A-Za-z0-9_-]{1,256}(?:\.fifo)?)"
)


def _notifications(ctx: Context) -> Iterator[tuple[Path, str, ConnectionNotification]]:
    """(path of the entry, who, entry) for endpoint and endpoint-service notifications."""
    for name, ep in ctx.endpoints():
        for i, cn in enumerate(ep.connection_notifications or []):
            yield ("endpoints", name, "connection_notifications", i), f"endpoint '{name}'", cn
    for sname, svc in sorted(ctx.spec.endpoint_services.items()):
        for i, cn in enumerate(svc.connection_notifications):
            yield (
                ("endpoint_services", sname, "connection_notifications", i),
                f"endpoint service '{sname}'",
                cn,
            )


CN001 = Rule(
    id="CN001",
    name="notification-target",
    severity=Severity.ERROR,
    summary="A connection notification names exactly one of vpc_endpoint_id / "
    "vpc_endpoint_service_id.",
    message="(not reported: the module names exactly one owner per notification)",
    hint="write notifications under the endpoint or endpoint service they watch",
    rationale="The provider's aws_vpc_endpoint_connection_notification has ExactlyOneOf on "
    "the two IDs (ForceNew).",
    source=f"TF-CN ({sources.TF_CN})",
    url=sources.TF_CN,
    status=Status.RENDERED,
    status_reason="Notifications are written under the endpoint or endpoint service they "
    "belong to, so the renderer emits one aws_vpc_endpoint_connection_notification per entry "
    "with exactly one of vpc_endpoint_id (entries under endpoints) or vpc_endpoint_service_id "
    "(entries under endpoint_services), referencing the resource it generates.",
)


_NOT_EVENT = "{who}: '{event}' is not a connection event"


def _check_events(ctx: Context) -> Iterator[Hit]:
    for base, who, cn in _notifications(ctx):
        if not cn.events:
            yield hit((*base, "events"), "no-events", who=who)
            continue
        for j, event in enumerate(cn.events):
            if event in EVENTS:
                continue
            close = [e for e in EVENTS if e.lower() == event.strip().lower()]
            if close:
                yield hit((*base, "events", j), "case", who=who, event=event, close=close[0])
            else:
                yield hit((*base, "events", j), who=who, event=event)


CN002 = Rule(
    id="CN002",
    name="invalid-connection-event",
    severity=Severity.ERROR,
    summary="Connection notification events are one or more of Accept, Connect, Delete, Reject.",
    message=_NOT_EVENT,
    hint="use " + ", ".join(EVENTS),
    variants=(
        Variant("case", _NOT_EVENT, "write '{close}' (event names are case-sensitive)"),
        Variant(
            "no-events",
            "{who}: a connection notification with no events sends nothing",
            "list at least one of " + ", ".join(EVENTS),
        ),
    ),
    rationale="CreateVpcEndpointConnectionNotification takes ConnectionEvents with the valid "
    "values Accept, Connect, Delete and Reject; the provider checks only that the list is not "
    "empty, so a misspelt event fails at apply time.",
    source=f"API-CN ({sources.API_CN}); TF-CN ({sources.TF_CN}: connection_events MinItems 1)",
    url=sources.API_CN,
    check=_check_events,
)


_TOPIC_FORM = "use arn:{partition}:sns:<region>:<account-id>:<topic-name>"


def _check_topic_arn(ctx: Context) -> Iterator[Hit]:
    from generator.spec.regions import load_regions

    regions = load_regions()
    partition = ctx.spec.partition
    for base, who, cn in _notifications(ctx):
        path: Path = (*base, "sns_topic_arn")
        arn = cn.sns_topic_arn
        m = SNS_TOPIC_ARN.fullmatch(arn)
        if m is None:
            kind = arn.split(":")[2] if arn.startswith("arn:") and arn.count(":") >= 5 else None
            if kind and kind != "sns":
                yield hit(path, "other-service", who=who, arn=arn, kind=kind, partition=partition)
            else:
                yield hit(path, who=who, arn=arn, partition=partition)
            continue
        if m["partition"] != partition:
            yield hit(
                path, "partition", who=who, arn=arn, other=m["partition"], partition=partition
            )
        elif not regions.is_region(m["region"], partition):
            yield hit(path, "region", who=who, arn=arn, region=m["region"], partition=partition)


CN003 = Rule(
    id="CN003",
    name="invalid-sns-topic-arn",
    severity=Severity.ERROR,
    summary="`sns_topic_arn` is an SNS topic ARN (arn:<partition>:sns:<region>:<account>:"
    "<topic>) in the spec's partition.",
    message="{who}: '{arn}' is not an SNS topic ARN",
    hint=_TOPIC_FORM,
    variants=(
        Variant(
            "other-service",
            "{who}: '{arn}' is not an SNS topic ARN (it is an ARN of service '{kind}')",
            _TOPIC_FORM,
        ),
        Variant(
            "partition",
            "{who}: topic {arn} is in partition '{other}', but the spec's partition is "
            "'{partition}'",
            "use a topic in partition {partition}",
        ),
        Variant(
            "region",
            "{who}: '{region}' in topic {arn} is not a Region of partition '{partition}'",
            "fix the Region in the ARN",
        ),
    ),
    rationale='ConnectionNotificationArn is "the ARN of the SNS topic for the '
    'notifications"; the provider only checks ARN syntax, so an ARN of another service or '
    "partition fails at apply time.",
    source=f"API-CN ({sources.API_CN}); TF-CN ({sources.TF_CN}: verify.ValidARN)",
    url=sources.API_CN,
    check=_check_topic_arn,
)


def _check_notification_owner(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        if takes(ep, "connection_notifications") or not ep.connection_notifications:
            continue
        yield hit(
            ("endpoints", name, "connection_notifications"),
            at_key=True,
            type=ep.type,
            endpoint=name,
        )
    for sname, svc in sorted(ctx.spec.endpoint_services.items()):
        if svc.connection_notifications and svc.gateway_load_balancer_arns:
            yield hit(
                ("endpoint_services", sname, "connection_notifications"),
                "gwlb-service",
                at_key=True,
                service=sname,
            )


CN004 = Rule(
    id="CN004",
    name="notification-on-non-interface-endpoint",
    severity=Severity.ERROR,
    summary="Connection notifications are for interface endpoints (and the endpoint services "
    "they connect to): error on gateway, GWLB and VPC Lattice endpoints, warning on GWLB "
    "endpoint services.",
    message="{type} endpoint '{endpoint}' has connection notifications; they exist for "
    "interface endpoints only",
    hint="remove them (for a GWLB endpoint, subscribe to the endpoint service's notifications "
    "on the provider side)",
    variants=(
        Variant(
            "gwlb-service",
            "endpoint service '{service}' is fronted by Gateway Load Balancers; connection "
            "notifications are documented for interface endpoints only",
            "verify that AWS delivers them for GWLB endpoint services, or remove them",
            severity=Severity.WARNING,
        ),
    ),
    rationale='"You can create a connection notification for interface endpoints only." '
    "Gateway endpoints have no connections to notify about; for GWLB endpoint services the "
    "documents do not say, hence a warning there.",
    source=f"API-CN ({sources.API_CN})",
    url=sources.API_CN,
    check=_check_notification_owner,
)

CN005 = Rule(
    id="CN005",
    name="sns-topic-policy",
    severity=Severity.WARNING,
    summary="The SNS topic's policy must let vpce.amazonaws.com publish (SNS:Publish).",
    message="(not reported: the topic policy is outside the spec)",
    hint="grant Principal {{Service: vpce.amazonaws.com}} Action SNS:Publish on the topic (and "
    "kms:GenerateDataKey*/kms:Decrypt if the topic is encrypted)",
    rationale="Notifications are published by the VPC endpoint service principal; without the "
    "grant AWS creates the notification but no message is ever delivered.",
    source=f"TF-CN-DOC ({sources.TF_CN_DOC}: example topic policy)",
    url=sources.TF_CN_DOC,
    status=Status.NOT_CHECKABLE,
    status_reason="The topic and its policy live outside the spec and the module; reading the "
    "policy needs AWS (there is no data source for an SNS topic's policy), so neither vpcegen "
    "nor a plan-time guard can check it.",
)

RULES: tuple[Rule, ...] = (CN001, CN002, CN003, CN004, CN005)
