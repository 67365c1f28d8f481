"""A webhook delivery killed at random moments loses no acknowledged delivery and
sends nothing twice that the receiver acknowledged and the ledger marked.

The receiver on 127.0.0.1 fails 30% of requests with 500, answers some only after the
client has given up (it still acts on those: received, never acknowledged) and dedupes
on ``Idempotency-Key``. Delivery runs in a subprocess that is SIGKILLed at seeded random
moments until a run ends by itself with an empty outbox.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cjm_widgets.orchestrate.ledger import Ledger
from tests.nudge_receiver import Reply, receiving
from tests.test_nudge_ledger import due

TIMEOUT = 0.2
"""The client's timeout in the subprocess; late answers come after it."""

KILLS = 10
MAX_RUNS = 40

SCRIPT = f"""
import sys
from pathlib import Path
from cjm_widgets.orchestrate import delivery
from cjm_widgets.orchestrate.ledger import Ledger
delivery.BACKOFF = delivery.Backoff(initial=0.01, maximum=0.05, retry_after_max=0.05)
with Ledger(Path(sys.argv[1])) as ledger:
    print("ready", flush=True)
    result = delivery.deliver(ledger, sys.argv[2], rate=1000, timeout={TIMEOUT}, attempts=3)
print(result.sent, result.failed, result.left, flush=True)
"""


@pytest.mark.slow
def test_killed_deliveries_reach_every_treatment_key_once(tmp_path: Path) -> None:
    path = tmp_path / "bills.nudges.sqlite"
    treatment = [f"c{n:03}" for n in range(300)]
    held = [f"h{n:03}" for n in range(40)]
    with Ledger(path) as ledger:
        ledger.record_due(due(treatment))
        ledger.record_due(due(held, group="holdout"))
    lock, chance = threading.Lock(), random.Random(25)

    def plan(key: str, before: int) -> Reply:
        with lock:
            draw = chance.random()
        if draw < 0.30:
            return Reply(500)
        if draw < 0.34:
            return Reply(delay=TIMEOUT + 0.15, late=True)
        return Reply()

    moments = random.Random(6)
    kills = runs = 0
    finished = False
    with receiving(plan) as receiver:
        while runs < MAX_RUNS and not finished:
            runs += 1
            process = subprocess.Popen(
                [sys.executable, "-c", SCRIPT, str(path), receiver.url],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready", process.communicate()[1]
            if kills < KILLS:
                time.sleep(moments.uniform(0.05, 1.0))
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    process.wait(timeout=10)
                    kills += 1
                    continue
            _output, errors = process.communicate(timeout=60)
            assert process.returncode == 0, errors
            with Ledger(path) as ledger:
                finished = ledger.outbox().empty
    assert finished, f"still messages to send after {runs} runs"
    assert kills >= KILLS // 2  # the runs were cut short, not just started and finished

    expected = {f"nu-remind:{customer}" for customer in treatment}
    holdout = {f"nu-remind:{customer}" for customer in held}
    assert set(receiver.acted) == expected
    assert set(receiver.acted.values()) == {1}
    assert not receiver.keys() & holdout
    with Ledger(path) as ledger:
        messages = ledger.messages()
        status = ledger.status()
    sent = set(messages.loc[messages["state"] == "sent", "key"])
    assert sent == expected
    assert sent <= set(receiver.acted)
    assert status[["sent", "pending", "failed", "holdout"]].values.tolist() == [[300, 0, 0, 40]]
    # A key the receiver acknowledged comes again only when a kill fell between the
    # acknowledgement and the ledger's mark: at most one such key per kill.
    assert len(receiver.after_ack) <= kills, (kills, receiver.after_ack)
    assert sum(1 for arrival in receiver.arrivals if arrival.key in expected) > len(expected)
