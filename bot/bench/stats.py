"""Percentiles and summaries of latency samples (milliseconds)."""

from __future__ import annotations

import math
from typing import Any


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values; NaN when there are none."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(latencies_ms: list[float], seconds: float, errors: int = 0, empty: int = 0) -> dict[str, Any]:
    values = sorted(latencies_ms)
    return {
        "turns": len(values),
        "throughput": round(len(values) / seconds, 1) if seconds > 0 else math.nan,
        "p50_ms": round(percentile(values, 50), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "p99_ms": round(percentile(values, 99), 1),
        "errors": errors,
        "empty": empty,
    }
