"""Endpoint services the account offers: configuration, principals, notifications."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Finding
from generator.importer.describe import Description, tags_of
from generator.importer.findings import issue
from generator.importer.model import Adoption, NotImported, slug, unique
from generator.render import hcl


@dataclass
class ServicesPlan:
    body: dict[str, Any] = field(default_factory=dict)
    adoptions: list[Adoption] = field(default_factory=list)
    not_imported: list[NotImported] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _key(svc: Mapping[str, Any], name: str, taken: set[str]) -> str:
    label = tags_of(svc).get("Name", "")
    if label.startswith(f"{name}-") and len(label) > len(name) + 1:
        return unique(slug(label[len(name) + 1 :], "service"), taken)
    if label:
        return unique(slug(label, "service"), taken)
    arns = (svc.get("NetworkLoadBalancerArns") or []) + (svc.get("GatewayLoadBalancerArns") or [])
    if arns:
        parts = str(arns[0]).split("/")
        if len(parts) >= 3:
            return unique(slug(parts[-2], "service"), taken)
    return unique(slug(str(svc["ServiceId"]).removeprefix("vpce-svc-"), "service"), taken)


def plan_services(
    desc: Description, *, name: str, spec_tags: Mapping[str, str], endpoint_keys: set[str]
) -> ServicesPlan:
    from generator.importer.build import notifications_of

    plan = ServicesPlan()
    taken = set(endpoint_keys)  # the module names notifications of both by key
    for svc in sorted(desc.of("ServiceConfigurations"), key=lambda s: str(s["ServiceId"])):
        sid = str(svc["ServiceId"])
        span = desc.span("ServiceConfigurations", sid)
        state = str(svc.get("ServiceState") or "").lower()
        if state in ("deleting", "deleted", "failed"):
            plan.findings.append(issue("IMP010", span, f"endpoint service {sid} is {state}"))
            continue
        if svc.get("ManagesVpcEndpoints"):
            plan.findings.append(
                issue(
                    "IMP010",
                    span,
                    f"endpoint service {sid} manages VPC endpoints for an AWS service "
                    "(ManagesVpcEndpoints)",
                )
            )
            continue
        nlbs = [str(a) for a in svc.get("NetworkLoadBalancerArns") or []]
        gwlbs = [str(a) for a in svc.get("GatewayLoadBalancerArns") or []]
        if not nlbs and not gwlbs:
            plan.findings.append(
                issue("IMP010", span, f"endpoint service {sid} has no load balancer")
            )
            continue
        key = _key(svc, name, taken)
        ident = hcl.identifier(key)
        out: dict[str, Any] = {}
        if nlbs:
            out["network_load_balancer_arns"] = nlbs
        if gwlbs:
            out["gateway_load_balancer_arns"] = gwlbs
        out["acceptance_required"] = bool(svc.get("AcceptanceRequired"))
        principals = sorted(
            {str(p["Principal"]) for p in desc.permissions.get(sid, []) if p.get("Principal")}
        )
        if "*" in principals:
            out["allow_any_principal"] = True
        if principals:
            out["allowed_principals"] = principals
        if sid not in desc.permissions and not desc.has("AllowedPrincipals"):
            plan.findings.append(
                issue(
                    "IMP008",
                    span,
                    f"endpoint service {sid}: no describe-vpc-endpoint-service-permissions "
                    "output; its allowed principals are not written (the module would leave "
                    "none: add them to the spec, or add the output and import again)",
                )
            )
        if principals:
            plan.findings.append(
                issue(
                    "IMP005",
                    span,
                    f"endpoint service {sid}: its {len(principals)} allowed principal(s) cannot "
                    "be imported (the provider has no importer); the plan creates them, which "
                    "re-adds principals that are already allowed",
                )
            )
        for principal in principals:
            plan.not_imported.append(
                NotImported(
                    f"aws_vpc_endpoint_service_allowed_principal.{ident}[{hcl.string(principal)}]",
                    f"{sid} {principal}",
                    "the provider cannot import allowed principals; creating one adds a "
                    "principal that is already allowed (ModifyVpcEndpointServicePermissions), "
                    "which leaves it allowed",
                )
            )
        if svc.get("PrivateDnsName"):
            out["private_dns_name"] = svc["PrivateDnsName"]
            plan.findings.append(
                issue(
                    "IMP006",
                    span,
                    f"endpoint service {sid}: the hosted zone that verifies "
                    f"{svc['PrivateDnsName']} is not in the description, so "
                    "private_dns_verification is not written",
                    hint="add `private_dns_verification: {route53_zone_id: Z...}` if the module "
                    "should publish the TXT record (import it: "
                    f"aws_route53_record.{ident}_verification, ID <zone>_<name>_TXT); the "
                    "verification itself cannot be imported and is started again, which a "
                    "verified name passes",
                )
            )
        types = sorted(str(t).lower() for t in svc.get("SupportedIpAddressTypes") or [])
        if types and types != ["ipv4"]:
            out["supported_ip_address_types"] = types
        regions = sorted(
            str(r.get("Region"))
            for r in svc.get("SupportedRegions") or []
            if isinstance(r, dict) and r.get("Region")
        )
        own = str(svc.get("ServiceName", "")).split(".")
        home = own[3] if len(own) > 4 else None
        if regions and regions != [home]:
            out["supported_regions"] = regions
        notes = notifications_of(desc, "ServiceId", sid, f"endpoint service {key}", plan)
        if notes:
            out["connection_notifications"] = notes
        tags = {
            k: v
            for k, v in tags_of(svc).items()
            if spec_tags.get(k) != v and not (k == "Name" and v == f"{name}-{key}")
        }
        if tags:
            out["tags"] = tags
        plan.body[key] = out
        plan.adoptions.append(
            Adoption(f"aws_vpc_endpoint_service.{ident}", sid, f"endpoint service {key}")
        )
    plan.body = {k: plan.body[k] for k in sorted(plan.body)}
    return plan
