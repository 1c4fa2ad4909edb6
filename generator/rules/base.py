"""What a rule is, and the context a check reads.

A rule is one frozen object holding everything about one constraint. Checks return hits with
paths into the spec; the engine turns paths into file:line:col. Checks never compute positions
and stay silent where a value is unknown (left to a module input). A hit carries values only:
its message and hint are the rule's templates, written once, so the docs and the output agree.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Finding, Severity, Span
from generator.loader.load import LoadedSpec
from generator.loader.source import Path
from generator.plan_time import Guard, SiteKind
from generator.resolve import services
from generator.resolve.build import effective as effective_field
from generator.resolve.build import resolve, written
from generator.resolve.model import ResolvedSpec
from generator.spec.endpoint_types import kind
from generator.spec.models import EndpointBase, Spec

if TYPE_CHECKING:
    from generator.services.catalog import ServiceInfo


class Status(StrEnum):
    CHECKED = "checked"  # decided from the spec at validate/generate time
    PLAN_TIME = "plan-time"  # needs module-input values; the generated module guards it
    RENDERED = "rendered"  # a fact the renderer respects by construction
    NOT_CHECKABLE = "not-checkable"  # needs facts no one has offline


@dataclass(frozen=True)
class Example:
    """A spec snippet; a bad one marks its offending line with `# expect: <ID>`."""

    bad: bool
    text: str
    note: str = ""


@dataclass(frozen=True)
class Variant:
    """One named case of a rule, with its own message template (and hint or severity).

    Templates name the values a check supplies: "subnet group '{group}' has {count} subnets".
    A hint of None is the rule's hint; "" means the case has no hint.
    """

    name: str
    message: str
    hint: str | None = None
    severity: Severity | None = None  # None: the rule's severity


@dataclass(frozen=True)
class Hit:
    """One problem found by a check: where (a path into the spec data), which case, and the
    values its message template names. The text itself lives in the rule, written once."""

    path: Path
    variant: str = ""  # "" is the rule's own message; else the name of one of its variants
    fields: Mapping[str, object] = field(default_factory=dict)
    at_key: bool = False  # point at the key rather than its value


def hit(path: Path, variant: str = "", /, *, at_key: object = False, **fields: object) -> Hit:
    """A hit of the rule's message (variant "") or of a named variant, with its field values.

    `at_key` is typed `object` only so that `**fields` dicts type-check; it is read as a bool.
    """
    return Hit(path, variant, fields, bool(at_key))


_FORMATTER = string.Formatter()


@cache
def template_fields(template: str) -> frozenset[str]:
    """The field names a message or hint template uses (`{count}`, `{ids!r}` -> count, ids)."""
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name is not None)


class TemplateError(KeyError):
    """A hit whose fields do not match its template: a bug in the rule, never user input."""


@dataclass
class Context:
    """What a check may read: the validated spec, its raw data, and run-wide facts."""

    loaded: LoadedSpec
    spec: Spec
    run_names: dict[str, int] = field(default_factory=dict)  # module name -> specs using it
    _effective: dict[tuple[str, str], tuple[Any, Path]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def data(self) -> Any:
        return self.loaded.data

    @property
    def resolved(self) -> ResolvedSpec:
        """The resolved spec (defaults applied, services named, policies read), shared with
        the renderer."""
        return resolve(self.loaded)

    def has(self, path: Path) -> bool:
        """Whether the user wrote a value at `path` (defaults do not count)."""
        return written(self.data, path)

    def endpoints(self, *types: str) -> Iterator[tuple[str, EndpointBase]]:
        for name in sorted(self.spec.endpoints):
            ep = self.spec.endpoints[name]
            if not types or ep.type in types:
                yield name, ep

    def effective(self, name: str, field_name: str) -> tuple[Any, Path]:
        """An endpoint field after `defaults` apply, with the path that set it
        (generator.resolve.build.effective)."""
        key = (name, field_name)
        cached = self._effective.get(key)
        if cached is None:  # checks ask ~500 times per spec; the spec is frozen
            cached = self._effective[key] = effective_field(
                self.loaded, self.spec, name, field_name
            )
        return cached

    def value(self, name: str, field_name: str) -> Any:
        return self.effective(name, field_name)[0]

    # --- services -------------------------------------------------------------------------

    def service_short(self, ep: EndpointBase) -> str | None:
        """The AWS service's short name (`ecr.api`), from `service` or a full AWS name."""
        return services.service_short(ep)

    def service_info(self, ep: EndpointBase) -> ServiceInfo | None:
        """Catalog facts of the endpoint's AWS service (None for custom or unknown ones)."""
        short = self.service_short(ep)
        if short is None:
            return None
        from generator.services.catalog import load_catalog

        return load_catalog().get(short)

    def is_custom_service(self, ep: EndpointBase) -> bool:
        """An endpoint service of another account or AWS Marketplace (com.amazonaws.vpce.*)."""
        return services.is_custom_service(ep)

    def service_home_region(self, ep: EndpointBase) -> str | None:
        """The Region the endpoint's service lives in (from its name, service_region, or VPC)."""
        return services.service_home_region(ep, self.spec.region)

    def private_dns(self, name: str) -> tuple[bool, Path]:
        """Effective private DNS: SPEC.md defaults it to true for AWS `service` endpoints."""
        return self.resolved.endpoint(name).private_dns, self.effective(name, "private_dns")[1]


Check = Callable[[Context], Iterable[Hit]]


def takes(ep: EndpointBase, field_name: str) -> bool:
    """Whether the endpoint's type takes `field_name`: the endpoint-type table decides
    (generator.spec.endpoint_types), so a per-type "not allowed here" rule never lists types."""
    return kind(ep.type).takes(field_name)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # names the problem, kebab-case
    severity: Severity
    summary: str  # the statement, one line
    message: str  # template of what a finding says; {name} fields come from the hit
    hint: str  # template of what to do
    rationale: str  # why AWS rejects it or why it is risky
    source: str  # document + section (RULES.md source IDs expanded), with quotes where useful
    url: str = ""  # the primary reference, shown as "see:" under findings
    status: Status = Status.CHECKED
    status_reason: str = ""  # for plan-time / rendered / not-checkable
    variants: tuple[Variant, ...] = ()  # further cases, each with its own message
    deviation: str = ""  # how and why the rule differs from the v1 contract (docs/origins)
    check: Check | None = None
    # The plan-time half (generator.plan_time): assertions the generated module carries for what
    # only AWS knows, and the kinds of block they are placed on (shown by `vpcegen explain`).
    guard: Guard | None = None
    guard_sites: tuple[SiteKind, ...] = ()

    @property
    def source_url(self) -> str | None:
        return self.url or None

    @property
    def suppressible(self) -> bool:
        return self.severity is not Severity.ERROR

    @property
    def examples(self) -> tuple[Example, ...]:
        """The rule's examples, read from generator/rules/examples/<ID>.yaml on first use."""
        from generator.rules.examples import load_examples

        return load_examples(self.id)

    def cases(self) -> tuple[Variant, ...]:
        """The rule's own message (variant "") followed by its variants, resolved."""
        return tuple(self.variant(name) for name in ("", *(v.name for v in self.variants)))

    def variant(self, name: str = "") -> Variant:
        """A case with the rule's hint and severity filled in where it has none of its own."""
        if not name:
            return Variant("", self.message, self.hint, self.severity)
        for v in self.variants:
            if v.name == name:
                hint = self.hint if v.hint is None else v.hint
                return Variant(name, v.message, hint, v.severity or self.severity)
        raise TemplateError(f"{self.id} has no message variant {name!r}")

    def finding(self, span: Span, variant: str = "", /, **fields: object) -> Finding:
        """The one way to make a Finding: text, hint, severity and link all come from here.

        Raises TemplateError when `fields` do not match the case's templates exactly.
        """
        case = self.variant(variant)
        hint = case.hint or ""
        wanted = template_fields(case.message) | template_fields(hint)
        if wanted != set(fields):
            missing = sorted(wanted - set(fields))
            extra = sorted(set(fields) - wanted)
            raise TemplateError(
                f"{self.id} variant {variant!r}: missing fields {missing}, extra fields {extra}"
            )
        return Finding(
            self.id,
            case.severity or self.severity,
            case.message.format_map(fields),
            span,
            hint.format_map(fields) or None,
            self.source_url,
        )
