"""The `vpcegen` console entry point: a short-lived process's settings, then the CLI.

Kept apart from `generator.cli` so that the settings apply before anything heavy is imported
(the console script imports this module, then calls `main`).
"""

import gc
import os


def main() -> None:
    # A run builds its working set up front (about 250 modules, the spec models, the rule
    # catalog) and keeps it until exit, then allocates many small objects per spec. With the
    # default thresholds the collector scans that growing heap hundreds of times and frees
    # little: about 10 ms of a 200 ms `validate` and 10% of a large `generate`. Collect
    # the young generation every 100,000 allocations and the older ones rarely (peak memory
    # is unchanged: bench/RESULTS.md).
    gc.set_threshold(100_000, 50, 100)
    # Pydantic plugins (an entry-point scan at the first model build) are for applications
    # that observe their own models; vpcegen's spec models are internal. Not when set already.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from generator.cli import main as cli_main

    cli_main()
