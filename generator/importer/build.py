"""Description -> a spec in the house style, and the import blocks that adopt the estate.

Keys come from the objects' Name tags (the module tags each object `<spec>-<key>`, so a
description of what `generate` made gives its keys back), else from the service. Subnet
groups are the distinct subnet sets of the endpoints, ordered by AZ ID; route table groups the
distinct route table sets. Values every endpoint of a type shares go to `defaults`, tags every
adopted object carries go to the spec's `tags`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generator.diagnostics import Finding
from generator.importer.describe import Description, DescriptionError, tags_of
from generator.importer.endpoint_services import plan_services
from generator.importer.findings import issue
from generator.importer.model import Adoption, ImportResult, NotImported, Options, slug, unique
from generator.importer.policies import policy_value
from generator.importer.security_groups import GroupPlan, plan_groups
from generator.render import hcl
from generator.render.routes import route_ident
from generator.spec.endpoint_types import (
    GATEWAY,
    GWLB,
    INTERFACE,
    KINDS,
    RESOURCE,
    SERVICE_NETWORK,
)

_TYPE_BY_API = {k.api_name.lower(): k.name for k in KINDS.values()}
_GONE = {"deleting", "deleted", "rejected", "failed", "expired"}


def _az_order(desc: Description, subnet_ids: Sequence[str]) -> list[str]:
    subnets = desc.by_id("Subnets")
    return sorted(
        subnet_ids, key=lambda s: (str(subnets.get(s, {}).get("AvailabilityZoneId", "~")), s)
    )


class _Builder:
    def __init__(self, desc: Description, options: Options) -> None:
        self.desc = desc
        self.options = options
        self.findings: list[Finding] = []
        self.adoptions: list[Adoption] = []
        self.not_imported: list[NotImported] = []
        self.policy_files: dict[str, Any] = {}

    # --- scope ------------------------------------------------------------------------------

    def vpc_id(self) -> str | None:
        if self.options.vpc_id:
            return self.options.vpc_id
        vpcs = sorted({str(e.get("VpcId")) for e in self.desc.of("VpcEndpoints") if e.get("VpcId")})
        if len(vpcs) > 1:
            raise DescriptionError(
                f"the endpoints are in {len(vpcs)} VPCs ({', '.join(vpcs)}); choose one with "
                "--vpc-id"
            )
        return vpcs[0] if vpcs else None

    def region(self) -> str:
        if self.options.region:
            return self.options.region
        from generator.resolve.services import AWS_SERVICE_NAME, CUSTOM_SERVICE_NAME

        found: set[str] = set()
        for ep in self.desc.of("VpcEndpoints"):
            name = str(ep.get("ServiceName") or "")
            m = CUSTOM_SERVICE_NAME.fullmatch(name) or AWS_SERVICE_NAME.fullmatch(name)
            if m and not ep.get("ServiceRegion"):
                found.add(m["region"])
            elif ep.get("ServiceRegion") and m:
                continue
        for svc in self.desc.of("ServiceConfigurations"):
            m = CUSTOM_SERVICE_NAME.fullmatch(str(svc.get("ServiceName") or ""))
            if m:
                found.add(m["region"])
        for subnet in self.desc.of("Subnets"):
            arn = str(subnet.get("SubnetArn") or "")
            if arn.count(":") >= 4:
                found.add(arn.split(":")[3])
        if len(found) != 1:
            raise DescriptionError(
                "cannot tell the Region from the description"
                + (f" (found {', '.join(sorted(found))})" if found else "")
                + "; pass --region"
            )
        return found.pop()

    # --- endpoints --------------------------------------------------------------------------

    def adoptable(self, vpc_id: str | None) -> list[dict[str, Any]]:
        out = []
        for ep in sorted(self.desc.of("VpcEndpoints"), key=lambda e: str(e["VpcEndpointId"])):
            eid = str(ep["VpcEndpointId"])
            span = self.desc.span("VpcEndpoints", eid)
            if vpc_id and ep.get("VpcId") != vpc_id:
                continue
            api_type = str(ep.get("VpcEndpointType") or "").lower()
            state = str(ep.get("State") or "").lower()
            reason = None
            if api_type not in _TYPE_BY_API:
                reason = f"its type {ep.get('VpcEndpointType')!r} is not one the spec knows"
            elif state in _GONE:
                reason = f"it is {state}"
            elif ep.get("RequesterManaged"):
                reason = "it is managed by an AWS service (RequesterManaged), not by you"
            if reason:
                self.findings.append(
                    issue("IMP001", span, f"endpoint {eid} is not adopted: {reason}")
                )
                continue
            out.append(ep)
        return out

    def endpoint_key(self, ep: Mapping[str, Any], name: str, taken: set[str]) -> str:
        tags = tags_of(ep)
        label = tags.get("Name", "")
        if label.startswith(f"{name}-") and len(label) > len(name) + 1:
            return unique(slug(label[len(name) + 1 :], "endpoint"), taken)
        if label:
            return unique(slug(label, "endpoint"), taken)
        service = str(ep.get("ServiceName") or "")
        for arn_key in ("ResourceConfigurationArn", "ServiceNetworkArn"):
            if ep.get(arn_key):
                return unique(slug(str(ep[arn_key]).rsplit("/", 1)[-1], "endpoint"), taken)
        from generator.resolve.services import AWS_SERVICE_NAME, CUSTOM_SERVICE_NAME

        custom = CUSTOM_SERVICE_NAME.fullmatch(service)
        if custom:
            return unique(slug(custom["id"].removeprefix("vpce-"), "endpoint"), taken)
        m = AWS_SERVICE_NAME.fullmatch(service)
        return unique(slug(m["service"] if m else service, "endpoint"), taken)

    def service_fields(self, ep: Mapping[str, Any], region: str, ep_type: str) -> dict[str, Any]:
        from generator.resolve.services import (
            AWS_SERVICE_NAME,
            CUSTOM_PREFIX,
            CUSTOM_SERVICE_NAME,
            full_service_name,
        )
        from generator.services.catalog import load_catalog
        from generator.spec.models import InterfaceEndpoint

        out: dict[str, Any] = {}
        if ep.get("ResourceConfigurationArn"):
            return {"resource_configuration_arn": ep["ResourceConfigurationArn"]}
        if ep.get("ServiceNetworkArn"):
            return {"service_network_arn": ep["ServiceNetworkArn"]}
        name = str(ep.get("ServiceName") or "")
        service_region = ep.get("ServiceRegion")
        m = AWS_SERVICE_NAME.fullmatch(name) or CUSTOM_SERVICE_NAME.fullmatch(name)
        if m and ep_type != GATEWAY:
            # the service's home Region is in its name (also for cross-Region endpoints)
            service_region = service_region if service_region == m["region"] else None
        cross = ep_type != GATEWAY and isinstance(service_region, str) and service_region != region
        m = AWS_SERVICE_NAME.fullmatch(name)
        if m and not CUSTOM_PREFIX.match(name) and m["service"] in load_catalog():
            short = m["service"]
            probe = InterfaceEndpoint.model_validate(
                {
                    "type": INTERFACE,
                    "service": short,
                    "service_region": service_region if cross else None,
                }
            )
            if full_service_name(probe, region) == name:
                out["service"] = short
        if "service" not in out:
            out["service_name"] = name
        if cross:
            out["service_region"] = service_region
        return out

    # --- the whole spec ---------------------------------------------------------------------

    def build(self) -> ImportResult:
        desc = self.desc
        vpc_id = self.vpc_id()
        region = self.region()
        vpcs = desc.by_id("Vpcs")
        vpc = vpcs.get(vpc_id or "", {})
        name = self.options.name or slug(tags_of(vpc).get("Name", "") or (vpc_id or ""), "vpc")
        endpoints = self.adoptable(vpc_id)
        adopted_ids = {str(e["VpcEndpointId"]) for e in endpoints}

        # Tags every adopted endpoint and endpoint service carries go to the spec's tags.
        tag_sets = [tags_of(e) for e in endpoints] + [
            tags_of(s) for s in desc.of("ServiceConfigurations")
        ]
        spec_tags: dict[str, str] = {}
        if tag_sets:
            common = set(tag_sets[0].items())
            for t in tag_sets[1:]:
                common &= set(t.items())
            spec_tags = {k: v for k, v in sorted(common) if k != "Name"}

        vpc_cidrs = self.vpc_cidrs(vpc)

        # Keys
        taken: set[str] = set()
        keys = {str(e["VpcEndpointId"]): self.endpoint_key(e, name, taken) for e in endpoints}

        # Security groups
        group_ids = sorted({g for e in endpoints for g in self.groups_of(e)})
        groups = plan_groups(
            desc,
            group_ids,
            spec_name=name,
            used_elsewhere=self.other_users(group_ids, adopted_ids),
            mode=self.options.security_groups,
            vpc_cidrs=vpc_cidrs,
            spec_tags=spec_tags,
        )
        for plan in groups.values():
            self.findings.extend(plan.findings)
            self.adoptions.extend(plan.adoptions)

        subnet_groups = self.subnet_groups(endpoints)
        route_groups = self.route_table_groups(endpoints, keys)
        body = {
            keys[str(e["VpcEndpointId"])]: self.endpoint(
                e, keys, region, name, spec_tags, groups, subnet_groups, route_groups
            )
            for e in endpoints
        }
        services = plan_services(desc, name=name, spec_tags=spec_tags, endpoint_keys=set(keys))
        self.findings.extend(services.findings)
        self.adoptions.extend(services.adoptions)
        self.not_imported.extend(services.not_imported)

        spec: dict[str, Any] = {"version": 1, "name": name}
        spec["description"] = (
            f"Imported by vpcegen from the endpoints of {vpc_id or 'the account'}."
        )
        spec["region"] = region
        if spec_tags:
            spec["tags"] = spec_tags
        network = self.network(vpc_id, vpc, vpc_cidrs, subnet_groups, route_groups)
        if network:
            spec["network"] = network
        defined = {p.name: p.body for p in groups.values() if p.name}
        if defined:
            spec["security_groups"] = {k: defined[k] for k in sorted(defined)}
        defaults = _factor_defaults(body)
        if defaults:
            spec["defaults"] = defaults
        if body:
            spec["endpoints"] = {k: body[k] for k in sorted(body)}
        if services.body:
            spec["endpoint_services"] = services.body
        self.adoptions.sort(key=lambda a: a.address)
        return ImportResult(
            name=name,
            region=region,
            vpc_id=vpc_id,
            spec=spec,
            policy_files=self.policy_files,
            adoptions=self.adoptions,
            not_imported=self.not_imported,
            findings=self.findings,
        )

    # --- parts ------------------------------------------------------------------------------

    def vpc_cidrs(self, vpc: Mapping[str, Any]) -> list[str]:
        cidrs = [
            str(a["CidrBlock"])
            for a in vpc.get("CidrBlockAssociationSet") or []
            if isinstance(a, dict)
            and a.get("CidrBlock")
            and (a.get("CidrBlockState") or {}).get("State", "associated") == "associated"
        ]
        if not cidrs and vpc.get("CidrBlock"):
            cidrs = [str(vpc["CidrBlock"])]
        cidrs += [
            str(a["Ipv6CidrBlock"])
            for a in vpc.get("Ipv6CidrBlockAssociationSet") or []
            if isinstance(a, dict)
            and a.get("Ipv6CidrBlock")
            and (a.get("Ipv6CidrBlockState") or {}).get("State", "associated") == "associated"
        ]
        return cidrs

    @staticmethod
    def groups_of(ep: Mapping[str, Any]) -> list[str]:
        return [str(g["GroupId"]) for g in ep.get("Groups") or [] if isinstance(g, dict)]

    def other_users(self, group_ids: Sequence[str], adopted: set[str]) -> dict[str, list[str]]:
        """Security group -> what else uses it (network interfaces, endpoints not adopted)."""
        users: dict[str, list[str]] = {g: [] for g in group_ids}
        for ep in self.desc.of("VpcEndpoints"):
            eid = str(ep["VpcEndpointId"])
            if eid in adopted:
                continue
            for g in self.groups_of(ep):
                if g in users:
                    users[g].append(f"endpoint {eid} (not adopted)")
        for eni in self.desc.of("NetworkInterfaces"):
            if eni.get("InterfaceType") == "vpc_endpoint":
                continue
            for g in eni.get("Groups") or []:
                gid = g.get("GroupId") if isinstance(g, dict) else None
                if gid in users:
                    users[gid].append(f"network interface {eni['NetworkInterfaceId']}")
        return users

    def subnet_groups(self, endpoints: Sequence[Mapping[str, Any]]) -> dict[frozenset[str], str]:
        sets = sorted(
            {frozenset(map(str, e.get("SubnetIds") or [])) for e in endpoints} - {frozenset()},
            key=lambda s: sorted(s),
        )
        subnets = self.desc.by_id("Subnets")
        taken: set[str] = set()
        out: dict[frozenset[str], str] = {}
        for subnet_set in sets:
            labels = [tags_of(subnets.get(s, {})).get("Name", "") for s in subnet_set]
            out[subnet_set] = unique(_common_stem(labels) or "endpoints", taken)
        return out

    def route_table_groups(
        self, endpoints: Sequence[Mapping[str, Any]], keys: Mapping[str, str]
    ) -> dict[tuple[str, frozenset[str]], str]:
        """(owner, route table set) -> group name; owner '' for gateway endpoints."""
        out: dict[tuple[str, frozenset[str]], str] = {}
        taken: set[str] = set()
        tables = self.desc.by_id("RouteTables")

        def name_for(rtbs: frozenset[str], fallback: str) -> str:
            labels = [tags_of(tables.get(r, {})).get("Name", "") for r in rtbs]
            return unique(_common_stem(labels) or fallback, taken)

        for rtbs in sorted(
            {frozenset(map(str, e.get("RouteTableIds") or [])) for e in endpoints} - {frozenset()},
            key=lambda s: sorted(s),
        ):
            out[("", rtbs)] = name_for(rtbs, "private")
        for ep in endpoints:
            if str(ep.get("VpcEndpointType", "")).lower() != "gatewayloadbalancer":
                continue
            eid = str(ep["VpcEndpointId"])
            for rtbs in self.gwlb_route_sets(eid).values():
                out.setdefault((eid, rtbs), name_for(rtbs, f"{keys[eid]}-routes"))
        return out

    def gwlb_route_sets(self, endpoint_id: str) -> dict[frozenset[str], frozenset[str]]:
        """Destinations -> route tables, for routes through a GWLB endpoint, grouped so that
        route tables with the same destinations form one group."""
        by_table: dict[str, set[str]] = {}
        for table in self.desc.of("RouteTables"):
            for route in table.get("Routes") or []:
                target = route.get("VpcEndpointId") or route.get("GatewayId")
                if target != endpoint_id:
                    continue
                dest = (
                    route.get("DestinationCidrBlock")
                    or route.get("DestinationIpv6CidrBlock")
                    or route.get("DestinationPrefixListId")
                )
                if dest:
                    by_table.setdefault(str(table["RouteTableId"]), set()).add(str(dest))
        grouped: dict[frozenset[str], set[str]] = {}
        for rtb, dests in by_table.items():
            grouped.setdefault(frozenset(dests), set()).add(rtb)
        return {d: frozenset(r) for d, r in grouped.items()}

    def network(
        self,
        vpc_id: str | None,
        vpc: Mapping[str, Any],
        cidrs: Sequence[str],
        subnet_groups: Mapping[frozenset[str], str],
        route_groups: Mapping[tuple[str, frozenset[str]], str],
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        vpc_out: dict[str, Any] = {}
        if vpc_id:
            vpc_out["id"] = vpc_id
        if cidrs:
            vpc_out["cidr_blocks"] = list(cidrs)
        if any(":" in c for c in cidrs):
            vpc_out["ipv6"] = True
        if vpc_out:
            out["vpc"] = vpc_out
        subnets = self.desc.by_id("Subnets")
        groups: dict[str, Any] = {}
        for subnet_set, group in sorted(subnet_groups.items(), key=lambda kv: kv[1]):
            ids = _az_order(self.desc, sorted(subnet_set))
            entry: dict[str, Any] = {"ids": ids}
            known = [subnets[s] for s in ids if s in subnets]
            missing = [s for s in ids if s not in subnets]
            if missing:
                self.findings.append(
                    issue(
                        "IMP008",
                        self.desc.span("VpcEndpoints", ""),
                        f"subnet group '{group}': subnets {', '.join(missing)} are missing "
                        "from the describe-subnets output; their AZ IDs are not written",
                    )
                )
            else:
                entry["availability_zone_ids"] = [str(s.get("AvailabilityZoneId")) for s in known]
                if known and all(s.get("Ipv6Native") for s in known):
                    entry["ipv4"] = False
                if known and all(
                    any(
                        (a.get("Ipv6CidrBlockState") or {}).get("State") == "associated"
                        for a in s.get("Ipv6CidrBlockAssociationSet") or []
                    )
                    for s in known
                ):
                    entry["ipv6"] = True
            groups[group] = entry
        if groups:
            out["subnet_groups"] = groups
        tables: dict[str, Any] = {}
        for (_, rtbs), group in sorted(route_groups.items(), key=lambda kv: kv[1]):
            tables[group] = {"ids": sorted(rtbs)}
        if tables:
            out["route_table_groups"] = tables
        return out

    def endpoint(
        self,
        ep: Mapping[str, Any],
        keys: Mapping[str, str],
        region: str,
        name: str,
        spec_tags: Mapping[str, str],
        groups: Mapping[str, GroupPlan],
        subnet_groups: Mapping[frozenset[str], str],
        route_groups: Mapping[tuple[str, frozenset[str]], str],
    ) -> dict[str, Any]:
        eid = str(ep["VpcEndpointId"])
        key = keys[eid]
        ep_type = _TYPE_BY_API[str(ep["VpcEndpointType"]).lower()]
        out: dict[str, Any] = {"type": ep_type, **self.service_fields(ep, region, ep_type)}
        subnet_ids = frozenset(map(str, ep.get("SubnetIds") or []))
        if subnet_ids:
            out["subnet_group"] = subnet_groups[subnet_ids]
        sgs = self.groups_of(ep)
        if sgs:
            out["security_groups"] = [groups[g].ref for g in sgs]
        rtbs = frozenset(map(str, ep.get("RouteTableIds") or []))
        if rtbs and ep_type == GATEWAY:
            out["route_table_groups"] = [route_groups[("", rtbs)]]
        if ep_type in (INTERFACE, RESOURCE, SERVICE_NETWORK):
            private_dns = bool(ep.get("PrivateDnsEnabled"))
            default = ep_type == INTERFACE and "service" in out
            if private_dns != default:
                out["private_dns"] = private_dns
        ip_type = str(ep.get("IpAddressType") or "").lower()
        if ip_type and ip_type != "ipv4":
            out["ip_address_type"] = ip_type
        dns = self.dns(ep, out, ip_type)
        if dns:
            out["dns"] = dns
        if ep_type == GWLB:
            routes = []
            for dests, rtbs_set in sorted(
                self.gwlb_route_sets(eid).items(), key=lambda kv: sorted(kv[1])
            ):
                group = route_groups[(eid, rtbs_set)]
                for dest in sorted(dests):
                    routes.append({"route_table_group": group, "destination": dest})
                    ident = route_ident(key, group, dest)
                    for rtb in sorted(rtbs_set):
                        self.adoptions.append(
                            Adoption(
                                f"aws_route.{ident}[{hcl.string(rtb)}]",
                                f"{rtb}_{dest}",
                                f"route {dest} of {rtb} through endpoint {key}",
                            )
                        )
            if routes:
                out["routes"] = routes
        if ep_type in (GATEWAY, INTERFACE):
            policy = policy_value(ep.get("PolicyDocument"), key, self.options, self.policy_files)
            if policy is not None:
                out["policy"] = policy
        notes = self.notifications("VpcEndpointId", eid, f"endpoint {key}")
        if notes:
            out["connection_notifications"] = notes
        tags = {
            k: v
            for k, v in tags_of(ep).items()
            if spec_tags.get(k) != v and not (k == "Name" and v == f"{name}-{key}")
        }
        if tags:
            out["tags"] = tags
        self.adoptions.append(
            Adoption(f"aws_vpc_endpoint.{hcl.identifier(key)}", eid, f"endpoint {key}")
        )
        return out

    def dns(self, ep: Mapping[str, Any], out: Mapping[str, Any], ip_type: str) -> dict[str, Any]:
        options = ep.get("DnsOptions") or {}
        dns: dict[str, Any] = {}
        record = str(options.get("DnsRecordIpType") or "").lower()
        if record and record != (ip_type or "ipv4") and record != "service-defined":
            dns["record_ip_type"] = record
        inbound = options.get("PrivateDnsOnlyForInboundResolverEndpoint")
        if (
            isinstance(inbound, bool)
            and out.get("service") == "s3"
            and out.get("type") == INTERFACE
            and ep.get("PrivateDnsEnabled")
        ):
            dns["inbound_resolver_only"] = inbound
        if out.get("type") in (RESOURCE, SERVICE_NETWORK):  # Lattice-only settings
            for src, dst in (
                ("PrivateDnsPreference", "private_dns_preference"),
                ("PrivateDnsSpecifiedDomains", "private_dns_specified_domains"),
            ):
                if options.get(src):
                    dns[dst] = options[src]
        return dns

    def notifications(self, parent_key: str, parent_id: str, owner: str) -> list[dict[str, Any]]:
        return notifications_of(self.desc, parent_key, parent_id, owner, self)


def notifications_of(
    desc: Description, parent_key: str, parent_id: str, owner: str, sink: Any
) -> list[dict[str, Any]]:
    """`owner` is "endpoint <key>" or "endpoint service <key>"."""
    """Spec entries for the connection notifications of one endpoint or endpoint service, and
    their adoptions (one resource per SNS topic: a second notification to a topic is not)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    ident = hcl.identifier(owner.rsplit(" ", 1)[1])
    for n in sorted(
        desc.of("ConnectionNotificationSet"), key=lambda n: str(n["ConnectionNotificationId"])
    ):
        if n.get(parent_key) != parent_id:
            continue
        nid = str(n["ConnectionNotificationId"])
        arn = str(n.get("ConnectionNotificationArn") or "")
        events = sorted(str(e) for e in n.get("ConnectionEvents") or [])
        if arn in seen:
            sink.findings.append(
                issue(
                    "IMP001",
                    desc.span("ConnectionNotificationSet", nid),
                    f"connection notification {nid} of {owner} is a second one to {arn}; "
                    "the module keeps one per topic",
                    hint="it is left out of imports.tf; merge its events into the first one",
                )
            )
            continue
        seen.add(arn)
        out.append({"sns_topic_arn": arn, "events": events})
        sink.adoptions.append(
            Adoption(
                f"aws_vpc_endpoint_connection_notification.{ident}[{hcl.string(arn)}]",
                nid,
                f"connection notification of {owner} to {arn}",
            )
        )
    return out


def _common_stem(labels: Sequence[str]) -> str:
    """A group name from its members' Name tags: the words they share, AZ parts dropped."""
    if not labels or not all(labels):
        return ""
    words = [slug(label, "x").split("-") for label in labels]
    shared = []
    for parts in zip(*words, strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    stem = "-".join(w for w in shared if not _az_word(w))
    return slug(stem, "group") if stem else ""


def _az_word(word: str) -> bool:
    return word.startswith("az") or (len(word) == 1) or any(c.isdigit() for c in word[-1:])


def _factor_defaults(body: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Move values every endpoint of a type shares (two or more endpoints) into defaults."""
    fields = {
        GATEWAY: ("route_table_groups", "policy"),
        INTERFACE: ("subnet_group", "security_groups", "ip_address_type", "dns", "policy"),
        GWLB: ("subnet_group",),
    }
    defaults: dict[str, Any] = {}
    for ep_type, names in fields.items():
        members = [e for e in body.values() if e["type"] == ep_type]
        if len(members) < 2:
            continue
        for field_name in names:
            values = [e.get(field_name) for e in members]
            if values[0] is None or any(v != values[0] for v in values[1:]):
                continue
            if field_name == "policy" and ep_type == GATEWAY:
                continue  # gateway services differ (s3, dynamodb): keep each one's own
            defaults.setdefault(ep_type, {})[field_name] = values[0]
            for e in members:
                del e[field_name]
    return defaults
