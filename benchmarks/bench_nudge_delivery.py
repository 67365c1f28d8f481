"""The nudge ledger and webhook delivery: recording due messages, reading the pairs a run
skips, and messages per second through the webhook to a local receiver that answers at
once (rate unlimited unless --rate). Prints the figures.

Targets: record_due of 100,000 rows well under a second; customers() on a million pairs
in about a second. Delivery marks each acknowledged message durably (an fsync of the
ledger's WAL) before the next, which bounds messages per second on slow disks.
    python benchmarks/bench_nudge_delivery.py [--messages 1000] [--pairs 1000000]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1000, help="messages to deliver")
    parser.add_argument("--pairs", type=int, default=1_000_000, help="pairs for customers()")
    parser.add_argument("--rate", type=float, default=math.inf, help="requests per second")
    args = parser.parse_args()

    from cjm_widgets.orchestrate.delivery import deliver
    from cjm_widgets.orchestrate.ledger import Ledger
    from tests.nudge_receiver import receiving
    from tests.test_nudge_ledger import due

    with tempfile.TemporaryDirectory() as folder:
        with Ledger(Path(folder) / "big.nudges.sqlite") as ledger:
            batch = due([f"c{n:07}" for n in range(100_000)])
            started = time.perf_counter()
            ledger.record_due(batch)
            print(f"record_due 100,000 rows        {time.perf_counter() - started:8.3f} s")
            started = time.perf_counter()
            ledger.record_due(batch)
            print(f"record_due again (all skipped) {time.perf_counter() - started:8.3f} s")
            for first in range(100_000, args.pairs, 100_000):
                ledger.record_due(due([f"c{n:07}" for n in range(first, first + 100_000)]))
            started = time.perf_counter()
            pairs = ledger.customers(["nu-remind"])
            seconds = time.perf_counter() - started
            print(f"customers() {len(pairs):>9,} pairs       {seconds:8.3f} s")
            started = time.perf_counter()
            outbox = ledger.outbox()
            print(f"outbox() {len(outbox):>12,} rows        {time.perf_counter() - started:8.3f} s")
            started = time.perf_counter()
            status = ledger.status()
            print(f"status() of {int(status['pending'].sum()):>9,} keys      "
                  f"{time.perf_counter() - started:8.3f} s")  # fmt: skip

        for fmt in ("cjm", "segment"):
            with Ledger(Path(folder) / f"{fmt}.nudges.sqlite") as ledger:
                ledger.record_due(due([f"c{n}" for n in range(args.messages)]))
                with receiving() as receiver:
                    result = deliver(ledger, receiver.url, fmt=fmt, rate=args.rate)
                assert result.sent == args.messages == len(receiver.arrivals)
                print(
                    f"deliver {args.messages:,} ({fmt:>7})         {result.seconds:8.3f} s = "
                    f"{result.sent / result.seconds:,.0f} messages per second"
                )


if __name__ == "__main__":
    main()
