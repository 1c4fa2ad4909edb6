"""What a rule is, and the context a check reads.

A rule is one frozen object holding everything about one constraint. Checks return hits with
paths into the spec; the engine turns paths into file:line:col. Checks never compute positions
and stay silent where a value is unknown (left to a module input).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Severity
from generator.loader.load import LoadedSpec
from generator.loader.source import Path
from generator.resolve import services
from generator.resolve.build import effective as effective_field
from generator.resolve.build import resolve, written
from generator.resolve.model import ResolvedSpec
from generator.resolve.services import AWS_SERVICE_NAME as AWS_SERVICE_NAME  # re-exported
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
class Hit:
    """One problem found by a check: where (a path into the spec data) and what."""

    path: Path
    message: str
    hint: str | None = None
    severity: Severity | None = None  # overrides the rule's severity (e.g. a stronger case)
    at_key: bool = False  # point at the key rather than its value


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


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # names the problem, kebab-case
    severity: Severity
    summary: str  # the statement, one line
    message: str  # what a finding says (template, for docs)
    hint: str  # what to do
    rationale: str  # why AWS rejects it or why it is risky
    source: str  # document + section (RULES.md source IDs expanded), with quotes where useful
    url: str = ""  # the primary reference, shown as "see:" under findings
    status: Status = Status.CHECKED
    status_reason: str = ""  # for plan-time / rendered / not-checkable
    examples: tuple[Example, ...] = ()
    check: Check | None = None

    @property
    def source_url(self) -> str | None:
        return self.url or None

    @property
    def suppressible(self) -> bool:
        return self.severity is not Severity.ERROR
