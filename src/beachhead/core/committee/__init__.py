"""Buying committee: who a contact is in a deal (seniority, function, buying role)."""

from beachhead.core.committee.titles import (
    TitleProfile,
    classify_title,
    classify_titles,
    department_function,
    normalize_title,
    role_from_crm,
)

__all__ = [
    "TitleProfile",
    "classify_title",
    "classify_titles",
    "department_function",
    "normalize_title",
    "role_from_crm",
]
