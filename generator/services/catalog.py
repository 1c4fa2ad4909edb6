"""Built-in, sourced catalog of AWS services reachable through VPC endpoints.

The data lives in ``catalog.json`` next to this module (a package data file, loaded with
:mod:`importlib.resources`, so it also works from an installed wheel). Every fact in it cites a
source ID from the file's top-level ``sources`` map, or a URL; a fact that no source establishes is
recorded as ``"unknown"`` (or, for ports, as an empty list). See ``docs/service-catalog.md``.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal, cast

from generator.spec.endpoint_types import GATEWAY, INTERFACE

__all__ = [
    "DEFAULT_TEMPLATE",
    "ENDPOINT_TYPES",
    "POLICY_VALUES",
    "TRI_VALUES",
    "CatalogError",
    "PolicySupport",
    "ServiceCatalog",
    "ServiceInfo",
    "Tri",
    "load_catalog",
    "parse_catalog",
]

Tri = Literal["yes", "no", "unknown"]
PolicySupport = Literal["yes", "no", "full-access-only", "unknown"]

TRI_VALUES: frozenset[str] = frozenset({"yes", "no", "unknown"})
POLICY_VALUES: frozenset[str] = frozenset({"yes", "no", "full-access-only", "unknown"})
ENDPOINT_TYPES: frozenset[str] = frozenset({GATEWAY, INTERFACE})

#: Service name pattern used for names the catalog does not override.
DEFAULT_TEMPLATE = "com.amazonaws.{region}.{service}"

#: Facts (besides the service's existence, ``name``) that carry a source.
FACTS: tuple[str, ...] = (
    "endpoint_types",
    "policy",
    "private_dns",
    "ports",
    "cross_region",
    "ipv6",
    "global_name",
    "partitions",
)

_SERVICE_KEYS_REQUIRED = frozenset(
    {
        "name",
        "title",
        "endpoint_types",
        "policy",
        "private_dns",
        "ports",
        "cross_region",
        "ipv6",
        "global_name",
        "partitions",
        "sources",
    }
)
_SERVICE_KEYS_OPTIONAL = frozenset({"notes", "aliases"})
_TOP_KEYS_REQUIRED = frozenset({"schema_version", "sources", "services"})
_TOP_KEYS_OPTIONAL = frozenset({"description", "generated", "refreshed"})
_NAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9.\-]*[a-z0-9])?$")
_PARTITION_KEY_RE = re.compile(r"^aws(-[a-z]+)*(/(gateway|interface))?$")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_META_KEYS = ("schema_version", "description", "generated", "refreshed")
_SCHEMA_VERSION = 1
_RESOURCE_PACKAGE = "generator.services"
_RESOURCE_NAME = "catalog.json"


class CatalogError(ValueError):
    """Raised when ``catalog.json`` is malformed; the message names the offending entry."""


@dataclass(frozen=True)
class ServiceInfo:
    """What the catalog knows about one VPC endpoint service (by short name)."""

    name: str
    title: str
    endpoint_types: frozenset[str]
    policy: PolicySupport
    private_dns: Tri
    ports: tuple[int, ...]
    cross_region: Tri
    ipv6: Tri
    global_name: str | None
    partitions: Mapping[str, str]
    sources: Mapping[str, str]
    #: Free-text caveats from the catalog (conflicts between sources, scope limits...).
    notes: tuple[str, ...] = ()
    #: Every source cited per fact, primary first (``sources`` holds the primary one).
    source_lists: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: Other names people use for the service (search aids for ``suggest``, not facts).
    aliases: tuple[str, ...] = ()

    @property
    def ports_known(self) -> bool:
        """False when no source establishes the ports (``ports`` is then empty)."""
        return bool(self.ports)


def _fail(where: str, message: str) -> CatalogError:
    return CatalogError(f"service catalog: {where}: {message}")


def _check_template(where: str, template: str) -> None:
    for placeholder in _PLACEHOLDER_RE.findall(template):
        if placeholder not in ("region", "service"):
            raise _fail(where, f"unsupported placeholder {{{placeholder}}} in {template!r}")
    if "{" in _PLACEHOLDER_RE.sub("", template) or "}" in _PLACEHOLDER_RE.sub("", template):
        raise _fail(where, f"unbalanced braces in {template!r}")


def _source_list(where: str, value: object, known: Mapping[str, object]) -> tuple[str, ...]:
    items: list[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list) and value:
        items = list(value)
    else:
        raise _fail(where, "a source must be a source ID, a URL or a non-empty list of them")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item:
            raise _fail(where, f"invalid source reference {item!r}")
        if item not in known and not item.startswith(("https://", "http://")):
            raise _fail(where, f"unknown source ID {item!r} (not in 'sources' and not a URL)")
        out.append(item)
    return tuple(out)


def _parse_service(raw: object, index: int, known: Mapping[str, object]) -> ServiceInfo:
    name = _entry_name(raw, index)
    entry = cast(dict[str, Any], raw)
    where = f"service {name!r}"
    keys = set(entry)
    missing = _SERVICE_KEYS_REQUIRED - keys
    if missing:
        raise _fail(where, f"missing keys: {', '.join(sorted(missing))}")
    extra = keys - _SERVICE_KEYS_REQUIRED - _SERVICE_KEYS_OPTIONAL
    if extra:
        raise _fail(where, f"unexpected keys: {', '.join(sorted(extra))}")

    title = entry["title"]
    if not isinstance(title, str) or not title.strip():
        raise _fail(where, "'title' must be a non-empty string")

    types = entry["endpoint_types"]
    if (
        not isinstance(types, list)
        or not types
        or not all(isinstance(t, str) and t in ENDPOINT_TYPES for t in types)
        or len(set(types)) != len(types)
    ):
        allowed = sorted(ENDPOINT_TYPES)
        raise _fail(where, f"'endpoint_types' must be a non-empty list drawn from {allowed}")

    policy = entry["policy"]
    if policy not in POLICY_VALUES:
        raise _fail(where, f"'policy' must be one of {sorted(POLICY_VALUES)}, got {policy!r}")
    tri: dict[str, str] = {}
    for fact in ("private_dns", "cross_region", "ipv6"):
        value = entry[fact]
        if value not in TRI_VALUES:
            raise _fail(where, f"{fact!r} must be one of {sorted(TRI_VALUES)}, got {value!r}")
        tri[fact] = value

    ports = entry["ports"]
    if not isinstance(ports, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) and 0 < p < 65536 for p in ports
    ):
        raise _fail(where, "'ports' must be a list of TCP port numbers (empty = unknown)")
    if len(set(ports)) != len(ports):
        raise _fail(where, "'ports' has duplicates")

    global_name = entry["global_name"]
    if global_name is not None and (not isinstance(global_name, str) or not global_name):
        raise _fail(where, "'global_name' must be null or a non-empty string")

    partitions = entry["partitions"]
    if not isinstance(partitions, dict):
        raise _fail(where, "'partitions' must be an object (partition -> name template)")
    for key, template in partitions.items():
        if not isinstance(key, str) or not _PARTITION_KEY_RE.match(key):
            raise _fail(where, f"invalid partition key {key!r}")
        if not isinstance(template, str) or not template:
            raise _fail(where, f"partition {key!r}: template must be a non-empty string")
        _check_template(f"{where}, partition {key!r}", template)

    raw_sources = entry["sources"]
    if not isinstance(raw_sources, dict):
        raise _fail(where, "'sources' must be an object (fact -> source)")
    allowed_facts = {"name", *FACTS}
    for fact in raw_sources:
        if fact not in allowed_facts:
            raise _fail(where, f"'sources' cites unknown fact {fact!r}")
    source_lists: dict[str, tuple[str, ...]] = {}
    for fact, value in sorted(raw_sources.items()):
        source_lists[fact] = _source_list(f"{where}, source of {fact!r}", value, known)

    # Every established fact needs a source; unknown facts need none.
    established = {
        "name": True,
        "endpoint_types": True,
        "policy": policy != "unknown",
        "private_dns": tri["private_dns"] != "unknown",
        "ports": bool(ports),
        "cross_region": tri["cross_region"] != "unknown",
        "ipv6": tri["ipv6"] != "unknown",
        "global_name": global_name is not None,
        "partitions": bool(partitions),
    }
    for fact, needed in established.items():
        if needed and fact not in source_lists:
            raise _fail(where, f"fact {fact!r} has a value but no source")

    notes = entry.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise _fail(where, "'notes' must be a list of strings")
    aliases = _entry_aliases(entry, name)

    return ServiceInfo(
        name=name,
        title=title,
        endpoint_types=frozenset(types),
        policy=cast(PolicySupport, policy),
        private_dns=cast(Tri, tri["private_dns"]),
        ports=tuple(sorted(ports)),
        cross_region=cast(Tri, tri["cross_region"]),
        ipv6=cast(Tri, tri["ipv6"]),
        global_name=global_name,
        partitions=MappingProxyType(dict(partitions)),
        sources=MappingProxyType({fact: refs[0] for fact, refs in source_lists.items()}),
        notes=tuple(notes),
        source_lists=MappingProxyType(source_lists),
        aliases=tuple(aliases),
    )


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class _Services(Mapping[str, "ServiceInfo"]):
    """Service entries by name, each validated and built the first time it is asked for.

    A run asks for the dozen services its specs name; parsing all 450 entries up front was
    a tenth of the start-up of `vpcegen validate`. `parse_catalog(data)` (and the catalog
    tests) still validate every entry; a malformed entry raises CatalogError when read.
    """

    def __init__(self, raw: Mapping[str, tuple[int, object]], known: Mapping[str, object]):
        self._raw = raw
        self._known = known
        self._parsed: dict[str, ServiceInfo] = {}

    def __getitem__(self, name: str) -> ServiceInfo:
        info = self._parsed.get(name)
        if info is None:
            index, entry = self._raw[name]
            info = self._parsed[name] = _parse_service(entry, index, self._known)
        return info

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _entry_name(raw: object, index: int) -> str:
    if not isinstance(raw, dict):
        raise _fail(f"services[{index}]", "each service must be a JSON object")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise _fail(f"services[{index}]", f"invalid or missing 'name': {name!r}")
    return name


def _entry_aliases(raw: dict[str, Any], name: str) -> tuple[str, ...]:
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and _NAME_RE.match(a) for a in aliases
    ):
        raise _fail(f"service {name!r}", "'aliases' must be a list of lower-case names")
    return tuple(aliases)


class ServiceCatalog:
    """Read-only view of the service catalog."""

    def __init__(
        self,
        services: Iterable[ServiceInfo] | _Services,
        sources: Mapping[str, Mapping[str, str]],
        meta: Mapping[str, Any] | None = None,
        aliases: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        by_name: Mapping[str, ServiceInfo]
        if isinstance(services, _Services):  # parsed on demand: `aliases` come from the raw
            by_name = services
            alias_lists = dict(aliases or {})
        else:
            built: dict[str, ServiceInfo] = {}
            for info in services:
                if info.name in built:
                    raise _fail(f"service {info.name!r}", "duplicate entry")
                built[info.name] = info
            by_name = built
            alias_lists = {info.name: info.aliases for info in built.values()}
        self._by_name = by_name
        self._names = sorted(by_name)
        self._sources = MappingProxyType({k: MappingProxyType(dict(v)) for k, v in sources.items()})
        self._meta: Mapping[str, Any] = MappingProxyType(dict(meta or {}))
        self._normalised: dict[str, list[str]] = {}
        for name in self._names:
            self._normalised.setdefault(_normalise(name), []).append(name)
        self._aliases: dict[str, str] = {}
        for name, names in alias_lists.items():
            for alias in names:
                if alias in by_name or alias in self._aliases:
                    raise _fail(f"service {name!r}", f"alias {alias!r} is not unique")
                self._aliases[alias] = name
        self._normalised_aliases: dict[str, str] = {
            _normalise(alias): target for alias, target in self._aliases.items()
        }

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._by_name

    @property
    def sources(self) -> Mapping[str, Mapping[str, str]]:
        """Source ID -> {title, url, section?}."""
        return self._sources

    @property
    def meta(self) -> Mapping[str, Any]:
        """Top-level metadata (schema_version, generated, refreshed, description)."""
        return self._meta

    def get(self, name: str) -> ServiceInfo | None:
        return self._by_name.get(name)

    def canonical(self, name: str) -> str | None:
        """The catalog name for ``name`` or for one of its aliases; None if neither."""
        if name in self._by_name:
            return name
        return self._aliases.get(name.strip().lower())

    def names(self) -> list[str]:
        return list(self._names)

    def all(self) -> list[ServiceInfo]:
        return [self._by_name[n] for n in self._names]

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Closest catalog names for a (mistyped) name, best first; [] when nothing is close."""
        if n <= 0:
            return []
        query = name.strip().lower()
        norm = _normalise(query)
        if not norm:
            return []
        scores: dict[str, float] = {}
        for candidate in self._names:
            score = max(
                difflib.SequenceMatcher(None, query, candidate).ratio(),
                difflib.SequenceMatcher(None, norm, _normalise(candidate)).ratio(),
            )
            if len(norm) >= 2 and _normalise(candidate).startswith(norm):
                score = max(score, 0.9)  # "ecr" -> "ecr.api", "dynamo" -> "dynamodb"
            if score >= 0.6:
                scores[candidate] = score
        alias_target = self._normalised_aliases.get(norm)
        if alias_target is not None:
            scores[alias_target] = 1.5
        # Same letters, different separators ("ecr-api" -> "ecr.api") beat everything else.
        for candidate in self._normalised.get(norm, []):
            scores[candidate] = 2.0
        if query in self._by_name:
            scores[query] = 3.0
        ranked = sorted(scores, key=lambda c: (-scores[c], len(c), c))
        return ranked[:n]

    def service_name(
        self,
        name: str,
        region: str,
        partition: str = "aws",
        endpoint_type: str | None = None,
    ) -> str:
        """Full endpoint service name for ``name`` in ``region``.

        Lookup order: ``partitions["<partition>/<endpoint_type>"]``, ``partitions[partition]``,
        ``global_name``, ``partitions["aws"]`` (a special commercial name pattern, reused for
        other partitions unless the catalog records a difference), then the default
        ``com.amazonaws.<region>.<name>``. Unknown names use the default pattern; ``aws-cn`` uses
        ``cn.com.amazonaws`` only where the catalog says so.
        """
        info = self._by_name.get(name)
        if info is None:
            return DEFAULT_TEMPLATE.format(region=region, service=name)
        template: str | None = None
        if endpoint_type:
            template = info.partitions.get(f"{partition}/{endpoint_type.lower()}")
        if template is None:
            template = info.partitions.get(partition)
        if template is None and info.global_name:
            return info.global_name
        if template is None:
            template = info.partitions.get("aws", DEFAULT_TEMPLATE)
        return template.format(region=region, service=info.name)

    def source(self, source_id: str) -> Mapping[str, str] | None:
        return self._sources.get(source_id)

    def source_url(self, source_id: str) -> str:
        """URL for a source ID; a reference that already is a URL is returned unchanged."""
        entry = self._sources.get(source_id)
        if entry is not None:
            return entry["url"]
        if source_id.startswith(("https://", "http://")):
            return source_id
        raise KeyError(f"unknown source ID {source_id!r}")

    def fact_sources(self, name: str, fact: str) -> tuple[str, ...]:
        """All source references cited for one fact of one service (empty if none)."""
        info = self._by_name.get(name)
        if info is None:
            raise KeyError(name)
        return info.source_lists.get(fact, ())


def parse_catalog(data: object, *, on_demand: bool = False) -> ServiceCatalog:
    """Validate decoded ``catalog.json`` content and build a :class:`ServiceCatalog`.

    `on_demand`: validate the top level, names and aliases now, and each service entry when
    it is first read (what a run needs; see `_Services`)."""
    if not isinstance(data, dict):
        raise _fail("top level", "the catalog must be a JSON object")
    top = cast(dict[str, Any], data)
    missing = _TOP_KEYS_REQUIRED - set(top)
    if missing:
        raise _fail("top level", f"missing keys: {', '.join(sorted(missing))}")
    extra = set(top) - _TOP_KEYS_REQUIRED - _TOP_KEYS_OPTIONAL
    if extra:
        raise _fail("top level", f"unexpected keys: {', '.join(sorted(extra))}")
    if top["schema_version"] != _SCHEMA_VERSION:
        raise _fail("top level", f"unsupported schema_version {top['schema_version']!r}")

    raw_sources = top["sources"]
    if not isinstance(raw_sources, dict):
        raise _fail("sources", "must be an object (source ID -> {title, url})")
    sources: dict[str, dict[str, str]] = {}
    for source_id, entry in raw_sources.items():
        where = f"source {source_id!r}"
        if not isinstance(entry, dict):
            raise _fail(where, "must be an object with 'title' and 'url'")
        for key in ("title", "url"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise _fail(where, f"missing or empty {key!r}")
        if not entry["url"].startswith(("https://", "http://")):
            raise _fail(where, f"'url' is not an http(s) URL: {entry['url']!r}")
        for key, value in entry.items():
            if key not in ("title", "url", "section") or not isinstance(value, str):
                raise _fail(where, f"unexpected field {key!r}")
        sources[source_id] = dict(entry)

    raw_services = top["services"]
    if not isinstance(raw_services, list):
        raise _fail("services", "must be a list of service objects")
    meta: dict[str, Any] = {key: top[key] for key in _META_KEYS if key in top}
    if not on_demand:
        services = [_parse_service(raw, i, sources) for i, raw in enumerate(raw_services)]
        return ServiceCatalog(services, sources, meta)
    entries: dict[str, tuple[int, object]] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for i, raw in enumerate(raw_services):
        name = _entry_name(raw, i)
        if name in entries:
            raise _fail(f"service {name!r}", "duplicate entry")
        entries[name] = (i, raw)
        aliases[name] = _entry_aliases(cast(dict[str, Any], raw), name)
    return ServiceCatalog(_Services(entries, sources), sources, meta, aliases)


def read_catalog_text() -> str:
    """Raw text of the packaged ``catalog.json``."""
    return resources.files(_RESOURCE_PACKAGE).joinpath(_RESOURCE_NAME).read_text(encoding="utf-8")


@functools.cache
def load_catalog() -> ServiceCatalog:
    """The packaged catalog (cached for the life of the process); each service entry is
    validated when first read."""
    try:
        data = json.loads(read_catalog_text())
    except json.JSONDecodeError as exc:
        raise CatalogError(f"service catalog: {_RESOURCE_NAME} is not valid JSON: {exc}") from exc
    return parse_catalog(data, on_demand=True)
