"""A journey and a log with planted signals, for the signals tests: at step 0 a chat
makes success likelier, an error message makes it rarer, and three events are neutral
(one of them spread over each customer's whole time in the log)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cjm_widgets import Workshop

JOURNEY: dict[str, Any] = {
    "title": "Orders",
    "stages": [{"id": "st-buy", "name": "Buy"}],
    "channels": [{"id": "ch-web", "name": "Web"}],
    "touchpoints": [
        {"id": "tp-cart", "stage": "st-buy", "channel": "ch-web", "order": 1,
         "title": "Fills the cart", "signals": ["cart_filled"]},
        {"id": "tp-checkout", "stage": "st-buy", "channel": "ch-web", "order": 2,
         "title": "Checks out", "signals": ["checkout_started"]},
        {"id": "tp-paid", "stage": "st-buy", "channel": "ch-web", "order": 3,
         "title": "Pays", "signals": ["order_paid"]},
    ],
}  # fmt: skip

START = pd.Timestamp("2026-05-01")


def journey() -> Workshop:
    return Workshop.from_dict(JOURNEY)


def planted(customers: int = 3000, seed: int = 5) -> pd.DataFrame:
    """Each customer fills the cart; within the first hour some chat (success 0.75
    against 0.45) or see an error (success 0.15); everyone may browse, read the FAQ at
    random within a day, or log in at random over their whole time in the log. Those
    who succeed check out 2-60 hours later and pay an hour after; some who fail check
    out and stop."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, pd.Timestamp, str]] = []
    for number in range(customers):
        who = f"c{number}"
        cart = START + pd.Timedelta(minutes=int(rng.integers(0, 60 * 24 * 20)))
        rows.append((who, cart, "cart_filled"))
        chat, error = rng.random() < 0.25, rng.random() < 0.2
        if chat:
            rows.append((who, cart + pd.Timedelta(minutes=int(rng.integers(1, 50))), "chat_opened"))
        if error:
            rows.append((who, cart + pd.Timedelta(minutes=int(rng.integers(1, 50))), "error_shown"))
        chance = 0.15 if error else 0.75 if chat else 0.45
        success = rng.random() < chance
        if rng.random() < 0.5:
            rows.append(
                (who, cart + pd.Timedelta(minutes=int(rng.integers(1, 50))), "page_browsed")
            )
        if rng.random() < 0.4:
            rows.append(
                (who, cart + pd.Timedelta(minutes=int(rng.integers(1, 60 * 24))), "faq_viewed")
            )
        for _ in range(int(rng.poisson(1.5))):
            moment = START + pd.Timedelta(minutes=int(rng.integers(0, 60 * 24 * 30)))
            rows.append((who, moment, "logged_in"))
        checkout = cart + pd.Timedelta(minutes=int(rng.integers(120, 3600)))
        if success:
            rows.append((who, checkout, "checkout_started"))
            rows.append((who, checkout + pd.Timedelta(hours=1), "order_paid"))
        elif rng.random() < 0.3:
            rows.append((who, checkout, "checkout_started"))
    frame = pd.DataFrame(rows, columns=["user_id", "timestamp", "event"])
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
