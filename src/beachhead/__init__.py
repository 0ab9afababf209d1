"""Beachhead: open-source account-based marketing."""

__version__ = "0.1.0"
