"""Catalog of AWS services reachable through VPC endpoints (data in ``catalog.json``)."""

from generator.services.catalog import (
    CatalogError,
    PolicySupport,
    ServiceCatalog,
    ServiceInfo,
    Tri,
    load_catalog,
)

__all__ = [
    "CatalogError",
    "PolicySupport",
    "ServiceCatalog",
    "ServiceInfo",
    "Tri",
    "load_catalog",
]
