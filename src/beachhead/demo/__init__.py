"""The seeded synthetic B2B market behind `beachhead demo`, the tests and the benchmarks."""

from beachhead.demo.export import ExportPaths, write_exports
from beachhead.demo.market import Market, MarketConfig, generate_market

__all__ = ["ExportPaths", "Market", "MarketConfig", "generate_market", "write_exports"]
