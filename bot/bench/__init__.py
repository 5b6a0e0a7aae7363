"""Micro-benchmarks run by ``make bench`` (timings are printed, never asserted in tests)."""
