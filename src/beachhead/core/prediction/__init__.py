"""Propensity: which accounts will open pipeline soon, calibrated, explained and backtested."""
