"""Readers for the files revenue teams export: Salesforce, HubSpot, Bombora, generic CSV/Parquet."""
