"""Use-cases: load, apply core rules, persist. Services flush; the edge commits."""
