"""Exports stream in constant memory: peak memory while writing every event as JSON and as CSV,
at two database sizes, in the same run.

    scripts/with-postgres.sh .venv/bin/python bench/export_memory.py [--small 10000] [--large 100000]

Peak is measured with tracemalloc (Python allocations during the export) in a fresh process
per size; the output goes to /dev/null. Constant memory means the peak does not grow with the
number of events exported.
"""

import argparse
import json
import subprocess
import sys
import time
import tracemalloc

from _site import PROJECT, fresh_database


def measure(events):
    fresh_database(events, name_hint="exportmem")
    from timeline.web.export import WRITERS
    from timeline.models import Event

    results = {}
    for fmt in ("json", "csv"):
        tracemalloc.start()
        started = time.perf_counter()
        written = 0
        with open("/dev/null", "w") as sink:
            for chunk in WRITERS[fmt](Event.objects.visible(), "https://timeline.example.org"):
                sink.write(chunk)
                written += len(chunk)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[fmt] = {"peak_mb": peak / 2**20, "seconds": seconds, "mb_written": written / 2**20}
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    sizes = {}
    for size in (args.small, args.large):
        output = subprocess.run([sys.executable, __file__, "--child", str(size)], cwd=PROJECT, capture_output=True,
                                text=True, check=True).stdout
        sizes[size] = json.loads(output.strip().splitlines()[-1])
    print("export of every event, streamed to /dev/null (peak Python memory by tracemalloc)")
    for fmt in ("json", "csv"):
        small, large = sizes[args.small][fmt], sizes[args.large][fmt]
        print(f"{fmt.upper():5} {args.small:>7,} events: peak {small['peak_mb']:6.1f} MB, {small['mb_written']:6.1f} MB written in {small['seconds']:5.1f} s"
              f" | {args.large:>7,} events: peak {large['peak_mb']:6.1f} MB, {large['mb_written']:6.1f} MB written in {large['seconds']:5.1f} s"
              f" | peak ratio {large['peak_mb'] / small['peak_mb']:.2f}")
    print(f"reproduce: scripts/with-postgres.sh .venv/bin/python bench/export_memory.py --small {args.small} --large {args.large}")


if __name__ == "__main__":
    main()
