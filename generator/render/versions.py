"""versions.tf: the Terraform and provider constraints."""

from __future__ import annotations

from generator.resolve import features
from generator.resolve.model import ResolvedSpec


def provider_constraint(resolved: ResolvedSpec) -> str:
    """The spec's constraint when it sets one (a rule checks that it admits no release
    too old for the module); else from the highest floor of the features the module uses, up
    to the next major release."""
    pinned = resolved.spec.terraform.aws_provider_version
    if pinned is not None:
        return pinned
    low = features.text(features.floor(resolved.features))
    return f">= {low}, < {features.text(features.NEXT_MAJOR)}"
