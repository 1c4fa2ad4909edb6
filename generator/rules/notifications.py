"""CN0xx: connection notifications (SNS alerts for endpoint and endpoint-service events)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Example, Hit, Rule, Status
from generator.spec.models import ConnectionNotification, EndpointBase

EVENTS = ("Accept", "Connect", "Delete", "Reject")

# arn:<partition>:sns:<region>:<account>:<topic>; topic names are 1-256 letters, digits, '-'
# and '_', FIFO topics end in '.fifo'.
SNS_TOPIC_ARN = re.compile(
    r"arn:(?P<partition>aws(?:-[a-z]+)*):sns:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    r"(?P<topic>[A-Za-z0-9_-]{1,256}(?:\.fifo)?)"
)


def _etype(ep: EndpointBase) -> str:
    """The endpoint's type (the models' discriminator; EndpointBase does not declare it)."""
    return str(getattr(ep, "type", ""))


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


def _check_events(ctx: Context) -> Iterator[Hit]:
    for base, who, cn in _notifications(ctx):
        if not cn.events:
            yield Hit(
                (*base, "events"),
                f"{who}: a connection notification with no events sends nothing",
                "list at least one of " + ", ".join(EVENTS),
            )
            continue
        for j, event in enumerate(cn.events):
            if event in EVENTS:
                continue
            close = [e for e in EVENTS if e.lower() == event.strip().lower()]
            yield Hit(
                (*base, "events", j),
                f"{who}: '{event}' is not a connection event",
                f"write '{close[0]}' (event names are case-sensitive)"
                if close
                else "use " + ", ".join(EVENTS),
            )


CN002 = Rule(
    id="CN002",
    name="invalid-connection-event",
    severity=Severity.ERROR,
    summary="Connection notification events are one or more of Accept, Connect, Delete, Reject.",
    message="<owner>: '<event>' is not a connection event",
    hint="use Accept, Connect, Delete or Reject",
    rationale="CreateVpcEndpointConnectionNotification takes ConnectionEvents with the valid "
    "values Accept, Connect, Delete and Reject; the provider checks only that the list is not "
    "empty, so a misspelt event fails at apply time.",
    source=f"API-CN ({sources.API_CN}); TF-CN ({sources.TF_CN}: connection_events MinItems 1)",
    url=sources.API_CN,
    check=_check_events,
    examples=(
        Example(
            True,
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n"
            "    connection_notifications:\n"
            "      - sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:vpce-events\n"
            "        events: [Accept, Rejected]  # expect: CN002\n",
        ),
        Example(
            False,
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n"
            "    connection_notifications:\n"
            "      - sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:vpce-events\n"
            "        events: [Accept, Reject]\n",
        ),
    ),
)


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
            yield Hit(
                path,
                f"{who}: '{arn}' is not an SNS topic ARN"
                + (f" (it is an ARN of service '{kind}')" if kind and kind != "sns" else ""),
                f"use arn:{partition}:sns:<region>:<account-id>:<topic-name>",
            )
            continue
        if m["partition"] != partition:
            yield Hit(
                path,
                f"{who}: topic {arn} is in partition '{m['partition']}', but the spec's "
                f"partition is '{partition}'",
                f"use a topic in partition {partition}",
            )
        elif not regions.is_region(m["region"], partition):
            yield Hit(
                path,
                f"{who}: '{m['region']}' in topic {arn} is not a Region of partition '{partition}'",
                "fix the Region in the ARN",
            )


CN003 = Rule(
    id="CN003",
    name="invalid-sns-topic-arn",
    severity=Severity.ERROR,
    summary="`sns_topic_arn` is an SNS topic ARN (arn:<partition>:sns:<region>:<account>:"
    "<topic>) in the spec's partition.",
    message="<owner>: '<arn>' is not an SNS topic ARN",
    hint="use arn:aws:sns:<region>:<account-id>:<topic-name>",
    rationale='ConnectionNotificationArn is "the ARN of the SNS topic for the '
    'notifications"; the provider only checks ARN syntax, so an ARN of another service or '
    "partition fails at apply time.",
    source=f"API-CN ({sources.API_CN}); TF-CN ({sources.TF_CN}: verify.ValidARN)",
    url=sources.API_CN,
    check=_check_topic_arn,
    examples=(
        Example(
            True,
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n"
            "    connection_notifications:\n"
            "      - sns_topic_arn: arn:aws:sqs:eu-west-1:111122223333:vpce-events  "
            "# expect: CN003\n"
            "        events: [Accept, Reject]\n",
        ),
        Example(
            False,
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n"
            "    connection_notifications:\n"
            "      - sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:vpce-events.fifo\n"
            "        events: [Accept, Reject]\n",
        ),
    ),
)


def _check_notification_owner(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        if _etype(ep) == "interface" or not ep.connection_notifications:
            continue
        yield Hit(
            ("endpoints", name, "connection_notifications"),
            f"{_etype(ep)} endpoint '{name}' has connection notifications; they exist for "
            "interface endpoints only",
            "remove them (for a GWLB endpoint, subscribe to the endpoint service's "
            "notifications on the provider side)",
            at_key=True,
        )
    for sname, svc in sorted(ctx.spec.endpoint_services.items()):
        if svc.connection_notifications and svc.gateway_load_balancer_arns:
            yield Hit(
                ("endpoint_services", sname, "connection_notifications"),
                f"endpoint service '{sname}' is fronted by Gateway Load Balancers; connection "
                "notifications are documented for interface endpoints only",
                "verify that AWS delivers them for GWLB endpoint services, or remove them",
                severity=Severity.WARNING,
                at_key=True,
            )


CN004 = Rule(
    id="CN004",
    name="notification-on-non-interface-endpoint",
    severity=Severity.ERROR,
    summary="Connection notifications are for interface endpoints (and the endpoint services "
    "they connect to): error on gateway, GWLB and VPC Lattice endpoints, warning on GWLB "
    "endpoint services.",
    message="<type> endpoint '<name>' has connection notifications; they exist for interface "
    "endpoints only",
    hint="remove the notifications",
    rationale='"You can create a connection notification for interface endpoints only." '
    "Gateway endpoints have no connections to notify about; for GWLB endpoint services the "
    "documents do not say, hence a warning there.",
    source=f"API-CN ({sources.API_CN})",
    url=sources.API_CN,
    check=_check_notification_owner,
    examples=(
        Example(
            True,
            "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
            "    route_table_groups: [private]\n"
            "    connection_notifications:  # expect: CN004\n"
            "      - sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:vpce-events\n"
            "        events: [Accept, Reject]\n",
        ),
        Example(
            False,
            "endpoint_services:\n  orders-api:\n    network_load_balancer_arns:\n"
            "      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/"
            "orders/0123456789abcdef\n"
            "    allowed_principals: [arn:aws:iam::444455556666:root]\n"
            "    connection_notifications:\n"
            "      - sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:vpce-events\n"
            "        events: [Connect, Delete]\n",
        ),
    ),
)

CN005 = Rule(
    id="CN005",
    name="sns-topic-policy",
    severity=Severity.WARNING,
    summary="The SNS topic's policy must let vpce.amazonaws.com publish (SNS:Publish).",
    message="(not reported: the topic policy is outside the spec)",
    hint="grant Principal {Service: vpce.amazonaws.com} Action SNS:Publish on the topic (and "
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
