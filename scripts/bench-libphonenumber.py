#!/usr/bin/env python3
"""Time Google libphonenumber's PhoneNumberMatcher on the Memex ads.

The baseline for vigie's extraction speed (issue 1/5): Debian's
python3-phonenumbers, run on the same texts as
`go test -bench AnalyzeMemex ./internal/analyze/`. Prints throughput only,
never the numbers found.

    apt-get install -y python3-phonenumbers
    /usr/bin/python3 scripts/bench-libphonenumber.py ../shared/data/memex-ads-classifier/testing.csv
"""
import csv
import sys
import time

import phonenumbers


def main():
    path = sys.argv[1]
    region = sys.argv[2] if len(sys.argv) > 2 else "US"
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    texts = [r[1] for r in rows if len(r) >= 2]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = None
    found = 0
    for _ in range(3):
        start = time.perf_counter()
        found = 0
        for t in texts:
            for _m in phonenumbers.PhoneNumberMatcher(t, region):
                found += 1
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"libphonenumber {phonenumbers.__version__} PhoneNumberMatcher region={region}: "
          f"{len(texts)} texts, {size/1e6:.2f} MB, {found} matches, best of 3 {best:.3f}s, "
          f"{size/1e6/best:.2f} MB/s")


if __name__ == "__main__":
    main()
