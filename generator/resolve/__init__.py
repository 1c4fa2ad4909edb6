"""The resolved spec: one validated spec with every default applied and every reference looked up.

Built once per spec (`resolve`), read by the rules and by the renderer alike, so neither
re-derives what the other computed: effective endpoint fields, service names, policy
documents, security-group rules, and the provider features a module needs.
"""

from generator.resolve.build import resolve
from generator.resolve.model import ResolvedEndpoint, ResolvedSecurityGroup, ResolvedSpec
from generator.resolve.security_groups import SgRule

__all__ = ["ResolvedEndpoint", "ResolvedSecurityGroup", "ResolvedSpec", "SgRule", "resolve"]
