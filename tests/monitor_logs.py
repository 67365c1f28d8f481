"""Small hand-made event logs whose monitoring answers were worked out by hand.

Each ``Case`` holds a workshop, a log (a pandas DataFrame), the arguments to read it
with, and the expected funnel, unmapped events, variants and segments, written down
as numbers, not computed. The comments next to the rows show the working.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from cjm_widgets import Workshop
from tests.monitor_reference import (
    FUNNEL_COLUMNS,
    SEGMENT_KEY_COLUMNS,
    UNMAPPED_COLUMNS,
    VARIANT_COLUMNS,
)

E = math.nan  # an empty cell


@dataclass
class Case:
    name: str
    workshop: Workshop
    events: pd.DataFrame
    funnel: pd.DataFrame
    unmapped: pd.DataFrame
    variants: pd.DataFrame
    segments: pd.DataFrame | None
    # the arguments of monitor() and of the reference: column names, persona, dates
    options: dict[str, Any] = field(default_factory=dict)


def funnel(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=FUNNEL_COLUMNS)


def unmapped(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Events, paths and events per unmapped event; no signals on logs this small."""
    frame = pd.DataFrame(rows, columns=UNMAPPED_COLUMNS[:3])
    return frame.assign(difference=E, q_value=E)


def variants(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=VARIANT_COLUMNS)


def at(day_and_time: str, seconds: float = 0) -> pd.Timestamp:
    return pd.Timestamp(day_and_time) + pd.Timedelta(seconds=seconds)


def log(columns: list[str], rows: list[tuple[Any, ...]], time_column: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    frame[time_column] = pd.to_datetime(frame[time_column])
    return frame


# -- A: one persona, three measured steps and one without signals ------------------------

# Journey order (by stage, then order): tp-a, tp-gap (no signals), tp-b, tp-c.
# The list order differs on purpose; tp-f is in the future journey only, so its event is
# known (not unmapped) but measured nowhere.
SIGN_UP = {
    "title": "Sign-up",
    "personas": [{"id": "pe-p", "name": "Pia", "segment": ""}],
    "stages": [{"id": "st-1", "name": "Find"}, {"id": "st-2", "name": "Use"}],
    "channels": [{"id": "ch-web", "name": "Web"}],
    "touchpoints": [
        {
            "id": "tp-c",
            "persona": None,
            "stage": "st-2",
            "channel": "ch-web",
            "order": 2,
            "title": "First bill paid",
            "signals": ["bill_paid"],
        },
        {
            "id": "tp-f",
            "persona": "pe-p",
            "stage": "st-2",
            "channel": "ch-web",
            "order": 3,
            "title": "Pays in one tap",
            "journey": "future",
            "signals": ["one_tap_paid"],
        },
        {
            "id": "tp-b",
            "persona": "pe-p",
            "stage": "st-2",
            "channel": "ch-web",
            "order": 1,
            "title": "Signs up",
            "signals": ["signup_web", "signup_app"],
        },
        {
            "id": "tp-gap",
            "persona": "pe-p",
            "stage": "st-1",
            "channel": "ch-web",
            "order": 2,
            "title": "Talks it over",
        },
        {
            "id": "tp-a",
            "persona": "pe-p",
            "stage": "st-1",
            "channel": "ch-web",
            "order": 1,
            "title": "Sees the offer",
            "signals": ["offer_seen"],
        },
    ],
}


def _u(number: int, seconds: float) -> pd.Timestamp:
    """Path u<number> starts at its own hour on 1 March 2024."""
    return at(f"2024-03-01 {number:02d}:00:00", seconds)


# Rows deliberately out of order; columns with names monitor() cannot guess.
SIGN_UP_LOG = log(
    ["visitor", "ts", "name"],
    [
        ("u4", _u(4, 160), "bill_paid"),
        ("u1", _u(1, 60), "signup_web"),
        ("u9", _u(9, 10), "bill_paid"),
        ("u6", _u(6, 20), "signup_web"),
        ("u7", _u(7, 40), "signup_web"),
        ("u3", _u(3, 50), "offer_seen"),
        ("u1", _u(1, 200), "one_tap_paid"),  # future journey's event: known, not unmapped
        ("u2", _u(2, 100), "bill_paid"),
        ("u7", _u(7, 0), "offer_seen"),
        (None, _u(0, 3), "help_opened"),  # null path: dropped
        ("u4", _u(4, 90), "signup_web"),
        ("u5", _u(5, 20), "bill_paid"),
        ("u8", _u(8, 300), "offer_seen"),
        ("u10", _u(10, 5), "help_opened"),
        ("u7", _u(7, 40), "signup_web"),  # exact duplicate
        ("u1", _u(1, 0), "offer_seen"),
        ("u4", _u(4, 40), "signup_app"),
        ("u7", None, "offer_seen"),  # null time: dropped
        ("u6", _u(6, 5), "offer_seen"),
        ("u9", _u(9, 0), "signup_web"),  # same time as offer_seen: not strictly after
        ("u5", _u(5, 10), "signup_app"),  # the second signal of tp-b
        ("u3", _u(3, 0), "bill_paid"),  # step 3 before step 1
        ("u7", _u(7, 50), "help_opened"),
        ("u10", _u(10, 0), "page_view"),
        ("u8", _u(8, 0), "offer_seen"),
        ("u7", _u(7, 0), "offer_seen"),  # exact duplicate
        ("u2", _u(2, 0), "offer_seen"),
        ("u7", _u(7, 70), None),  # null event: dropped
        ("u4", _u(4, 0), "offer_seen"),
        ("u10", _u(10, 5), "help_opened"),  # exact duplicate
        ("u6", _u(6, 0), "signup_web"),
        ("u4", _u(4, 30), "signup_web"),
        ("u5", _u(5, 0), "offer_seen"),
        ("u7", _u(7, 60), "help_opened"),
        ("u9", _u(9, 0), "offer_seen"),
        ("u1", _u(1, 180), "bill_paid"),
        (None, _u(0, 0), "offer_seen"),  # null path: dropped
    ],
    "ts",
)
SIGN_UP_OPTIONS = {"path_col": "visitor", "time_col": "ts", "event_col": "name"}

# Sequential steps reached (a = offer_seen, b = signup_web|signup_app, c = bill_paid):
#   u1 a0 b60 c180 | u2 a0 (b missing) | u3 a50 (c0 came first) | u4 a0 b30 c160
#   u5 a0 b10 c20  | u6 a5 b20         | u7 a0 b40              | u8 a0
#   u9 a0 (b0 is not after a0)         | u10 no signalled event
# paths a 9, b 5 (u1 u4 u5 u6 u7), c 3 (u1 u4 u5)
# reach a 9 (u1-u9), b 6 (u1 u4 u5 u6 u7 u9), c 6 (u1 u2 u3 u4 u5 u9)
# repeats a 1 (u8; u7's duplicate counts once), b 2 (u4 three times, u6 twice), c 0
# a->b seconds 60 30 10 15 40: median 30, p90 at rank 3.6 = 40 + 0.6 * 20 = 52
# b->c seconds 120 130 10: median 120, p90 at rank 1.8 = 120 + 0.8 * 10 = 128
SIGN_UP_FUNNEL = funnel(
    [
        ("pe-p", "Pia", "tp-a", "Sees the offer", "Find", "offer_seen", 9, 1.0, E, 9, 1, 30, 52),
        ("pe-p", "Pia", "tp-gap", "Talks it over", "Find", "", E, E, E, E, E, E, E),
        (
            "pe-p",
            "Pia",
            "tp-b",
            "Signs up",
            "Use",
            "signup_web;signup_app",
            5,
            5 / 9,
            5 / 9,
            6,
            2,
            120,
            128,
        ),
        ("pe-p", "Pia", "tp-c", "First bill paid", "Use", "bill_paid", 3, 3 / 9, 3 / 5, 6, 0, E, E),
    ]
)
# help_opened: u7 twice, u10 once (its duplicate counts once); page_view: u10
SIGN_UP_UNMAPPED = unmapped([("help_opened", 2, 3), ("page_view", 1, 1)])
# 9 paths have a measured event (u10 has none); u9's tie a0/b0 goes by journey order
SIGN_UP_VARIANTS = variants(
    [
        ("pe-p", "Pia", "tp-a > tp-b > tp-c", 4, 4 / 9),  # u1 u4 u5 u9
        ("pe-p", "Pia", "tp-a", 1, 1 / 9),  # u8
        ("pe-p", "Pia", "tp-a > tp-b", 1, 1 / 9),  # u7
        ("pe-p", "Pia", "tp-a > tp-c", 1, 1 / 9),  # u2
        ("pe-p", "Pia", "tp-b > tp-a", 1, 1 / 9),  # u6
        ("pe-p", "Pia", "tp-c > tp-a", 1, 1 / 9),  # u3
    ]
)


def sign_up() -> Case:
    return Case(
        "sign-up",
        Workshop.from_dict(SIGN_UP),
        SIGN_UP_LOG.copy(),
        SIGN_UP_FUNNEL,
        SIGN_UP_UNMAPPED,
        SIGN_UP_VARIANTS,
        None,  # the log has no segment column
        dict(SIGN_UP_OPTIONS),
    )


def empty() -> Case:
    """No events at all: zeros where a count is defined, empty where a rate is."""
    events = SIGN_UP_LOG.iloc[0:0].copy()
    return Case(
        "empty",
        Workshop.from_dict(SIGN_UP),
        events,
        funnel(
            [
                (
                    "pe-p",
                    "Pia",
                    "tp-a",
                    "Sees the offer",
                    "Find",
                    "offer_seen",
                    0,
                    E,
                    E,
                    0,
                    0,
                    E,
                    E,
                ),
                ("pe-p", "Pia", "tp-gap", "Talks it over", "Find", "", E, E, E, E, E, E, E),
                (
                    "pe-p",
                    "Pia",
                    "tp-b",
                    "Signs up",
                    "Use",
                    "signup_web;signup_app",
                    0,
                    E,
                    E,
                    0,
                    0,
                    E,
                    E,
                ),
                ("pe-p", "Pia", "tp-c", "First bill paid", "Use", "bill_paid", 0, E, E, 0, 0, E, E),
            ]
        ),
        unmapped([]),
        variants([]),
        None,
        dict(SIGN_UP_OPTIONS),
    )


# -- B: two personas with segments and a touchpoint they share -----------------------

SEGMENTED = {
    "title": "E-invoice",
    "personas": [
        {"id": "pe-x", "name": "Xena", "segment": "Digital First"},
        {"id": "pe-y", "name": "Yrjö", "segment": " paper "},
    ],
    "stages": [{"id": "st-1", "name": "Join"}, {"id": "st-2", "name": "Use"}],
    "channels": [{"id": "ch-app", "name": "App"}],
    "touchpoints": [
        {
            "id": "tp-x1",
            "persona": "pe-x",
            "stage": "st-1",
            "channel": "ch-app",
            "title": "Joins in the app",
            "signals": ["x_start"],
        },
        {
            "id": "tp-y1",
            "persona": "pe-y",
            "stage": "st-1",
            "channel": "ch-app",
            "title": "Joins by phone",
            "signals": ["y_start"],
        },
        {
            "id": "tp-shared",
            "persona": None,
            "stage": "st-2",
            "channel": "ch-app",
            "title": "Gets the first e-invoice",
            "signals": ["done"],
        },
    ],
}

T = "2024-04-02 10:00:00"
SEGMENTED_LOG = log(
    ["user_id", "timestamp", "event", "segment"],
    [
        ("p2", at(T, 200), "y_start", "paper"),  # later event of p2: its segment does not count
        ("p1", at(T, 100), "done", "digital first"),
        ("p3", at(T, 200), "done", " Paper"),
        ("p6", at(T, 20), "help_opened", "other"),
        ("p2", at(T, 50), "done", "DIGITAL FIRST"),  # p2's first non-null segment
        ("p5", at(T, 0), "done", "PAPER"),
        ("p4", at(T, 10), "y_start", "paper"),
        ("p7", at(T, 0), "x_start", None),  # no segment at all: nobody's path
        ("p1", at(T, 0), "x_start", "digital first"),
        ("p6", at(T, 10), "done", "other"),
        ("p3", at(T, 0), "y_start", " Paper"),
        ("p2", at(T, 0), "x_start", None),  # p2's first event carries no segment
        ("p6", at(T, 0), "x_start", "Other"),
    ],
    "timestamp",
)
# Segments: p1 p2 digital first; p3 p4 p5 paper; p6 other; p7 none.
# Xena (digital first): x1 p1 p2; shared after x1: p1 (100 s), p2 (50 s); p2's y_start is
#   not in her journey. Seconds 100 50: median 75, p90 = 50 + 0.9 * 50 = 95.
# Yrjö (paper): y1 p3 p4; shared after y1: p3 (200 s); reach shared p3 p5.
XENA_FUNNEL = [
    ("pe-x", "Xena", "tp-x1", "Joins in the app", "Join", "x_start", 2, 1.0, E, 2, 0, 75, 95),
    (
        "pe-x",
        "Xena",
        "tp-shared",
        "Gets the first e-invoice",
        "Use",
        "done",
        2,
        1.0,
        1.0,
        2,
        0,
        E,
        E,
    ),
]
YRJO_FUNNEL = [
    ("pe-y", "Yrjö", "tp-y1", "Joins by phone", "Join", "y_start", 2, 1.0, E, 2, 0, 200, 200),
    (
        "pe-y",
        "Yrjö",
        "tp-shared",
        "Gets the first e-invoice",
        "Use",
        "done",
        1,
        0.5,
        0.5,
        2,
        0,
        E,
        E,
    ),
]
XENA_VARIANTS = [("pe-x", "Xena", "tp-x1 > tp-shared", 2, 1.0)]  # p1 p2
YRJO_VARIANTS = [
    ("pe-y", "Yrjö", "tp-shared", 1, 1 / 3),  # p5
    ("pe-y", "Yrjö", "tp-y1", 1, 1 / 3),  # p4
    ("pe-y", "Yrjö", "tp-y1 > tp-shared", 1, 1 / 3),  # p3
]
SEGMENT_COLUMNS = [
    *SEGMENT_KEY_COLUMNS,
    "paths[digital first]",
    "conversion_rate[digital first]",
    "paths[other]",
    "conversion_rate[other]",
    "paths[paper]",
    "conversion_rate[paper]",
]
# Every path of a segment, whatever the persona's own segment:
#   digital first on Yrjö's journey: p2 y_start@200 but its done@50 came before: 1 then 0
#   other (p6): x_start@0 done@10
XENA_SEGMENTS = [
    ("pe-x", "Xena", "tp-x1", "Joins in the app", 2, 1.0, 1, 1.0, 0, E),
    ("pe-x", "Xena", "tp-shared", "Gets the first e-invoice", 2, 1.0, 1, 1.0, 0, E),
]
YRJO_SEGMENTS = [
    ("pe-y", "Yrjö", "tp-y1", "Joins by phone", 1, 1.0, 0, E, 2, 1.0),
    ("pe-y", "Yrjö", "tp-shared", "Gets the first e-invoice", 0, 0.0, 0, E, 1, 0.5),
]
SEGMENTED_UNMAPPED = unmapped([("help_opened", 1, 1)])


def segmented() -> Case:
    return Case(
        "two personas",
        Workshop.from_dict(SEGMENTED),
        SEGMENTED_LOG.copy(),
        funnel(XENA_FUNNEL + YRJO_FUNNEL),
        SEGMENTED_UNMAPPED,
        variants(XENA_VARIANTS + YRJO_VARIANTS),
        pd.DataFrame(XENA_SEGMENTS + YRJO_SEGMENTS, columns=SEGMENT_COLUMNS),
    )


def segmented_one_persona() -> Case:
    """The persona chosen by name: only her journey; unmapped events stay the whole log's."""
    return Case(
        "two personas, Yrjö by name",
        Workshop.from_dict(SEGMENTED),
        SEGMENTED_LOG.copy(),
        funnel(YRJO_FUNNEL),
        SEGMENTED_UNMAPPED,
        variants(YRJO_VARIANTS),
        pd.DataFrame(YRJO_SEGMENTS, columns=SEGMENT_COLUMNS),
        {"persona": "Yrjö"},
    )


def segmented_nothing_left() -> Case:
    """Every row has a null path, time or event: as good as empty."""
    events = log(
        ["user_id", "timestamp", "event", "segment"],
        [
            (None, at(T), "x_start", None),
            ("p1", None, "x_start", None),
            ("p1", at(T), None, None),
        ],
        "timestamp",
    )
    return Case(
        "two personas, only null rows",
        Workshop.from_dict(SEGMENTED),
        events,
        funnel(
            [
                (
                    "pe-x",
                    "Xena",
                    "tp-x1",
                    "Joins in the app",
                    "Join",
                    "x_start",
                    0,
                    E,
                    E,
                    0,
                    0,
                    E,
                    E,
                ),
                (
                    "pe-x",
                    "Xena",
                    "tp-shared",
                    "Gets the first e-invoice",
                    "Use",
                    "done",
                    0,
                    E,
                    E,
                    0,
                    0,
                    E,
                    E,
                ),
                ("pe-y", "Yrjö", "tp-y1", "Joins by phone", "Join", "y_start", 0, E, E, 0, 0, E, E),
                (
                    "pe-y",
                    "Yrjö",
                    "tp-shared",
                    "Gets the first e-invoice",
                    "Use",
                    "done",
                    0,
                    E,
                    E,
                    0,
                    0,
                    E,
                    E,
                ),
            ]
        ),
        unmapped([]),
        variants([]),
        # no segment value is left in the log: the keys only
        pd.DataFrame(
            [
                ("pe-x", "Xena", "tp-x1", "Joins in the app"),
                ("pe-x", "Xena", "tp-shared", "Gets the first e-invoice"),
                ("pe-y", "Yrjö", "tp-y1", "Joins by phone"),
                ("pe-y", "Yrjö", "tp-shared", "Gets the first e-invoice"),
            ],
            columns=SEGMENT_KEY_COLUMNS,
        ),
    )


# -- C: a workshop without personas, and the date filter --------------------------------

NO_PERSONAS = {
    "title": "Offer",
    "stages": [{"id": "st-1", "name": "Offer"}],
    "channels": [{"id": "ch-web", "name": "Web"}],
    "touchpoints": [
        {
            "id": "tp-a",
            "persona": None,
            "stage": "st-1",
            "channel": "ch-web",
            "order": 1,
            "title": "Sees the offer",
            "signals": ["offer_seen"],
        },
        {
            "id": "tp-b",
            "persona": None,
            "stage": "st-1",
            "channel": "ch-web",
            "order": 2,
            "title": "Signs up",
            "signals": ["signup_web"],
        },
    ],
}
# first event's day: d1 1 Mar, d2 2 Mar, d3 3 Mar, d4 4 Mar, d5 28 Feb (an unmapped event)
DATED_LOG = log(
    ["user_id", "timestamp", "event"],
    [
        ("d2", "2024-03-05 10:00:00", "signup_web"),  # after `end`, but d2 started inside
        ("d1", "2024-03-01 23:59:00", "offer_seen"),
        ("d4", "2024-03-04 12:00:00", "help_opened"),
        ("d5", "2024-03-02 09:00:00", "offer_seen"),
        ("d1", "2024-03-02 00:10:00", "signup_web"),
        ("d3", "2024-03-03 08:00:00", "offer_seen"),
        ("d5", "2024-02-28 12:00:00", "help_opened"),
        ("d2", "2024-03-02 10:00:00", "offer_seen"),
        ("d4", "2024-03-04 00:00:00", "offer_seen"),
        ("d5", "2024-03-02 09:01:00", "signup_web"),
    ],
    "timestamp",
)


def _dated(name: str, options: dict[str, Any], *expected: Any) -> Case:
    steps, unmapped_rows, variant_rows = expected
    (a_paths, a_reach, median, p90), (b_paths, b_conversion, b_reach) = steps
    return Case(
        name,
        Workshop.from_dict(NO_PERSONAS),
        DATED_LOG.copy(),
        funnel(
            [
                (
                    "",
                    "",
                    "tp-a",
                    "Sees the offer",
                    "Offer",
                    "offer_seen",
                    a_paths,
                    1.0 if a_paths else E,
                    E,
                    a_reach,
                    0,
                    median,
                    p90,
                ),
                (
                    "",
                    "",
                    "tp-b",
                    "Signs up",
                    "Offer",
                    "signup_web",
                    b_paths,
                    b_conversion,
                    b_conversion,
                    b_reach,
                    0,
                    E,
                    E,
                ),
            ]
        ),
        unmapped(unmapped_rows),
        variants([("", "", variant, paths, share) for variant, paths, share in variant_rows]),
        None,
        options,
    )


def dated_all() -> Case:
    # a->b seconds: d1 660, d2 259200 (three days), d5 60: median 660,
    # p90 at rank 1.8 = 660 + 0.8 * (259200 - 660) = 207492
    return _dated(
        "no personas, every day",
        {},
        ((5, 5, 660, 207492), (3, 0.6, 3)),
        [("help_opened", 2, 2)],
        [("tp-a > tp-b", 3, 0.6), ("tp-a", 2, 0.4)],
    )


def dated_between() -> Case:
    # d2 d3 d4 started 2-4 March; d2's sign-up on 5 March still counts
    return _dated(
        "no personas, 2-4 March",
        {"start": date(2024, 3, 2), "end": date(2024, 3, 4)},
        ((3, 3, 259200, 259200), (1, 1 / 3, 1)),
        [("help_opened", 1, 1)],  # d4's; d5 started on 28 Feb
        [("tp-a", 2, 2 / 3), ("tp-a > tp-b", 1, 1 / 3)],
    )


def dated_until() -> Case:
    # d1 (1 March) and d5 (its first event, unmapped, on 28 February)
    # a->b seconds 660 60: median 360, p90 = 60 + 0.9 * 600 = 600
    return _dated(
        "no personas, until 1 March",
        {"end": date(2024, 3, 1)},
        ((2, 2, 360, 600), (2, 1.0, 2)),
        [("help_opened", 1, 1)],
        [("tp-a > tp-b", 2, 1.0)],
    )


def dated_from() -> Case:
    # d4 alone: nobody goes on, so no time to next and a rate of 0
    return _dated(
        "no personas, from 4 March",
        {"start": date(2024, 3, 4)},
        ((1, 1, E, E), (0, 0.0, 0)),
        [("help_opened", 1, 1)],
        [("tp-a", 1, 1.0)],
    )


def all_cases() -> list[Case]:
    return [
        sign_up(),
        empty(),
        segmented(),
        segmented_one_persona(),
        segmented_nothing_left(),
        dated_all(),
        dated_between(),
        dated_until(),
        dated_from(),
    ]


def local_spark(app_name: str, warehouse: Path, master: str = "local[2]") -> Any:
    """A local Spark session for a test module, as cjm starts one: loopback only, UTC, two
    shuffle partitions, and its warehouse in ``warehouse`` so no test leaves tables in the
    working tree; the engine's getOrCreate() then finds it."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers with pandas, as cjm sets
    return (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")  # loopback only
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
