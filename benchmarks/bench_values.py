"""Value parsing throughput, cold (every value new) and warm (the cache).

Run on demand: ``python benchmarks/bench_values.py``. Not part of the test suite.
"""

from __future__ import annotations

import time

from perfcheck.values import parse_value

FORMS = [">=357 座", "<=4500 元/人/月", "=100%", "≥90%", "≤75 万元", "2024 年 12 月", "有效提高", "80%-90%", "<=210 0 元/ 座"]


def main(n: int = 20000) -> None:
    values = [f"{form}{'' if i % 2 else ' '}" + " " * (i % 7) for i, form in enumerate(FORMS * (n // len(FORMS)))]
    distinct = [f">={i} 个" for i in range(n)]
    parse_value.cache_clear()
    start = time.perf_counter()
    for v in distinct:
        parse_value(v)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for v in distinct:
        parse_value(v)
    warm = time.perf_counter() - start
    start = time.perf_counter()
    for v in values:
        parse_value(v)
    mixed = time.perf_counter() - start
    print(f"cold:  {n / cold:>10,.0f} values/s ({n} distinct values)")
    print(f"warm:  {n / warm:>10,.0f} values/s (same values again, from the cache)")
    print(f"mixed: {len(values) / mixed:>10,.0f} values/s (realistic repetition)")


if __name__ == "__main__":
    main()
