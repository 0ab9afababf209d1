"""Persistence of records: SQLAlchemy models, migrations and set-based queries."""
