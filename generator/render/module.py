"""Render one validated spec into the files of its module (in memory)."""

from __future__ import annotations

from generator.loader.load import LoadedSpec
from generator.render.context import Module, build_module
from generator.render.environment import environment
from generator.render.layout import tidy

# file name -> (template, whether the module needs it)
_FILES = (
    ("versions.tf", "module/versions.tf.j2"),
    ("variables.tf", "module/variables.tf.j2"),
    ("main.tf", "module/main.tf.j2"),
    ("security_groups.tf", "module/security_groups.tf.j2"),
    ("endpoints.tf", "module/endpoints.tf.j2"),
    ("routes.tf", "module/routes.tf.j2"),
    ("endpoint_services.tf", "module/endpoint_services.tf.j2"),
    ("checks.tf", "module/checks.tf.j2"),
    ("outputs.tf", "module/outputs.tf.j2"),
    ("README.md", "module/README.md.j2"),
)


def _wanted(module: Module, file_name: str) -> bool:
    return {
        "security_groups.tf": bool(module.security_groups),
        "endpoints.tf": bool(module.endpoints),
        "routes.tf": bool(module.routes),
        "endpoint_services.tf": bool(module.endpoint_services),
        "outputs.tf": bool(module.outputs),
        "checks.tf": bool(module.checks),
    }.get(file_name, True)


def render_module(loaded: LoadedSpec, spec_path: str) -> dict[str, bytes]:
    """file name -> content; `.tf` files are terraform-fmt canonical."""
    module = build_module(loaded, spec_path)
    env = environment()
    files: dict[str, bytes] = {}
    for name, template in _FILES:
        if not _wanted(module, name):
            continue
        text = env.get_template(template).render(module=module)
        text = tidy(text) if name.endswith(".tf") else text.rstrip("\n") + "\n"
        files[name] = text.encode("utf-8")
    return files
