"""Benchmark the entitlement engine: ``python -m bot.bench.rules_bench [--profiles 1000] [--seed 7]``.

Evaluates varied random profiles (every covered region, a few unknown ones, any mix of known and unknown
fields) and prints the mean, median and p95 time per profile in microseconds. The profiles are validated
before timing: the API validates once per request too, and evaluate() itself is what must stay well under
1 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from typing import Any, Optional

from bot.rules.catalog import load_catalog
from bot.rules.engine import evaluate
from bot.rules.profile import Profile

REGIONS = ("haikou", "sanya", "danzhou", "wenzhou", "changji", "meilan", "三亚", "海口市", "北京", None)
CHOICES: dict[str, tuple[Any, ...]] = {
    "age": (55, 60, 64, 65, 69, 70, 79, 80, 90, 101),
    "disability": ("none", "mild", "moderate", "severe"),
    "disabled_cert_grade": (0, 1, 2, 3, 4),
    "economic": ("none", "hardship", "dibao_edge", "dibao", "tekun"),
    "living": ("with_family", "alone", "empty_nest"),
}
BOOLEANS = ("hukou_local", "resides_local", "rural", "left_behind", "family_planning_special",
            "priority_care_family", "organ_donor_family", "supporter_unable", "no_caregiver",
            "lives_with_severely_disabled_child", "homeless", "willing_institution", "seriously_ill")


def random_profile(rng: random.Random, known: float) -> Profile:
    """A profile where each field is known with probability ``known``."""
    data: dict[str, Any] = {"region": rng.choice(REGIONS)}
    for name, options in CHOICES.items():
        if rng.random() < known:
            data[name] = rng.choice(options)
    for name in BOOLEANS:
        if rng.random() < known:
            data[name] = rng.random() < 0.5
    if data.get("economic") == "tekun" and rng.random() < known:
        data["tekun_mode"] = rng.choice(("dispersed", "centralized"))
    return Profile.parse_obj(data)


def profiles(count: int, seed: int) -> list[Profile]:
    rng = random.Random(seed)
    return [random_profile(rng, rng.choice((0.0, 0.2, 0.5, 0.8, 1.0))) for _ in range(count)]


def run(count: int, seed: int, repeat: int = 3) -> dict[str, float]:
    load_catalog()  # build the catalog outside the timing
    sample = profiles(count, seed)
    for profile in sample[:50]:
        evaluate(profile)  # warm caches (region look-ups)
    timings: list[float] = []
    for _ in range(repeat):
        for profile in sample:
            start = time.perf_counter_ns()
            evaluate(profile)
            timings.append((time.perf_counter_ns() - start) / 1000)
    timings.sort()
    return {
        "profiles": float(count),
        "mean_us": statistics.fmean(timings),
        "median_us": timings[len(timings) // 2],
        "p95_us": timings[int(len(timings) * 0.95) - 1],
        "max_us": timings[-1],
    }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.rules_bench")
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    stats = run(args.profiles, args.seed)
    rules = len(load_catalog().rules)
    print(f"entitlement engine: {args.profiles} profiles × 3 runs, {rules} rules in the catalog")
    print(f"  mean {stats['mean_us']:.1f} µs   median {stats['median_us']:.1f} µs   "
          f"p95 {stats['p95_us']:.1f} µs   max {stats['max_us']:.1f} µs per profile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
