"""A small bill-payment workshop and hand-made logs for the nudge rules: each customer's
events are written with the answer beside them, worked out by hand from
docs/orchestration.md, not computed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from cjm_widgets import Workshop

BILLS: dict[str, Any] = {
    "title": "Bills",
    "personas": [
        {"id": "pe-app", "name": "App user", "segment": "App"},
        {"id": "pe-paper", "name": "Paper reader", "segment": "paper"},
    ],
    "stages": [{"id": "st-bill", "name": "Bill"}, {"id": "st-pay", "name": "Pay"}],
    "channels": [{"id": "ch-bank", "name": "Online bank"}],
    "touchpoints": [
        {"id": "tp-open", "stage": "st-bill", "channel": "ch-bank", "title": "Opens the bill",
         "signals": ["bill_opened"]},
        {"id": "tp-pay", "stage": "st-pay", "channel": "ch-bank", "title": "Pays the bill",
         "signals": ["bill_paid", "direct_debit_paid"]},
        {"id": "tp-note", "stage": "st-pay", "channel": "ch-bank", "title": "Reads a note",
         "signals": []},
    ],
    "nudges": [
        {"id": "nu-remind", "title": "Payment reminder", "after": "tp-open", "until": "tp-pay",
         "wait_hours": 48, "expire_hours": 24, "channel": "e-mail",
         "message": "Hi {first_name}, your bill is waiting", "holdout": 0.0},
    ],
}  # fmt: skip


def workshop(**changes: Any) -> Workshop:
    """The bills workshop with its one nudge's fields changed (and the workshop's own
    ``timezone`` when given)."""
    data = {**BILLS, "nudges": [{**BILLS["nudges"][0], **changes}]}
    zone = changes.pop("timezone", None)
    data["nudges"] = [{**BILLS["nudges"][0], **changes}]
    if zone is not None:
        data["timezone"] = zone
    return Workshop.from_dict(data)


def log(rows: list[tuple[str, str, str]], segments: dict[str, str] | None = None) -> pd.DataFrame:
    """(customer, time, event) rows as a log; ``segments`` adds a segment column."""
    frame = pd.DataFrame(rows, columns=["user_id", "timestamp", "event"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"])
    if segments is not None:
        frame["segment"] = frame["user_id"].map(segments)
    return frame
