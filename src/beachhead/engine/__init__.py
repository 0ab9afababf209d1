"""Compute backends (Ibis connections) and table movement between store and engine."""
