"""Targeting: tiers under capacity (an exact optimisation, explained), clusters, guardrails."""
