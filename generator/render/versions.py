"""versions.tf: the Terraform and provider constraints."""

from __future__ import annotations

from generator.resolve import features
from generator.resolve.build import written
from generator.resolve.model import ResolvedSpec


def provider_constraint(resolved: ResolvedSpec) -> str:
    """The spec's constraint when it sets one; else the floor of the features it uses."""
    spec = resolved.spec
    if written(resolved.loaded.data, ("terraform", "aws_provider_version")):
        return spec.terraform.aws_provider_version
    floor = features.floor(resolved.features)
    if floor == features.BASE_FLOOR:
        return spec.terraform.aws_provider_version
    return ">= " + ".".join(map(str, floor))
