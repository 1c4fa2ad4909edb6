"""Test-only harness: run real ``terraform validate``/``plan`` against a stand-in AWS provider.

See :mod:`runner` for the public API (``run_terraform``, ``terraform_available``, ``TfResult``).
"""
