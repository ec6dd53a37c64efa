#!/usr/bin/env python3
"""Compares two triples reports of `corroborate report --format json` (in process and from a Spark
job): every key, string and integer equal, every other number within 1e-9 (relative beyond 1; the
learned prior and the sources' intervals too, see tests/spark.rs). Prints the largest difference;
exits 1 at the first disagreement, naming its path."""

import json
import sys


def same(path, a, b, worst):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            sys.exit(f"{path}: keys {list(a)} against {list(b)}")
        for k in a:
            worst = same(f"{path}.{k}", a[k], b[k], worst)
        return worst
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            sys.exit(f"{path}: {len(a)} against {len(b)} entries")
        for i, (x, y) in enumerate(zip(a, b)):
            worst = same(f"{path}[{i}]", x, y, worst)
        return worst
    if isinstance(a, float) or isinstance(b, float):
        d = abs(a - b) / max(abs(a), 1.0)
        # tests/spark.rs `TOLERANCE`: 1e-9 for every number.
        if not d <= 1e-9:
            sys.exit(f"{path}: {a} in process, {b} on Spark")
        return max(worst, d)
    if a != b:
        sys.exit(f"{path}: {a!r} in process, {b!r} on Spark")
    return worst


def main():
    with open(sys.argv[1]) as f:
        a = json.load(f)
    with open(sys.argv[2]) as f:
        b = json.load(f)
    print(f"{same('', a, b, 0.0):.1e}")


if __name__ == "__main__":
    main()
