"""The seeded synthetic B2B market behind `beachhead demo`, the tests and the benchmarks."""

