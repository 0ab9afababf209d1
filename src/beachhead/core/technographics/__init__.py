"""Technographics: which technologies a company runs, from stack fields and from its website."""

from beachhead.core.technographics.catalog import (
    CATEGORIES,
    Catalog,
    Technology,
    default_catalog,
    name_key,
    normalise_stack,
    parse_catalog,
)
from beachhead.core.technographics.detect import Detection, Evidence, detect

__all__ = [
    "CATEGORIES",
    "Catalog",
    "Detection",
    "Evidence",
    "Technology",
    "default_catalog",
    "detect",
    "name_key",
    "normalise_stack",
    "parse_catalog",
]
