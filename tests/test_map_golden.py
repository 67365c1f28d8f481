"""The map looks exactly as it did: SVGs and canvas command streams against golden files.

The golden files in ``tests/golden/`` were written by the drawing code before the map
was made faster; any byte that differs is a change people would see (or a printer
would print). After a deliberate change to the map's look, write them anew with
``python -m tests.test_map_golden`` and review the pictures.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cjm_widgets import Workshop
from cjm_widgets.layout import Layout, layout_journey
from cjm_widgets.layout.emotions import layout_emotions
from cjm_widgets.layout.matrix import layout_matrix
from cjm_widgets.measurements import keep_snapshot, snapshot
from cjm_widgets.model import Rating
from cjm_widgets.render.svg import to_svg
from cjm_widgets.samples import sample_workshop
from tests.synthetic import synthetic_workshop

GOLDEN = Path(__file__).parent / "golden"


def measured_and_rated(ws: Workshop) -> Workshop:
    """``ws`` with a measurement snapshot of Maija's journey and the room's ratings."""
    journey = [tp for tp in ws.journey("pe-maija", state="current") if tp.signals]
    paths = [20000, 18089, 16352, 9000, 8800][: len(journey)]
    rows = [
        {
            "persona_id": "pe-maija", "touchpoint_id": tp.id, "touchpoint": tp.title,
            "paths": count, "conversion_rate": count / paths[0],
            "step_conversion_rate": float("nan") if index == 0 else count / paths[index - 1],
            "reach": count, "repeat_paths": count // 10,
            "median_seconds_to_next": 60.0, "p90_seconds_to_next": 120.0,
        }
        for index, (tp, count) in enumerate(zip(journey, paths, strict=False))
    ]  # fmt: skip
    period = (datetime(2026, 9, 1), datetime(2026, 9, 30, 23, 59))
    keep_snapshot(ws, snapshot(ws, pd.DataFrame(rows), period, source="log.csv", engine="duckdb"))
    touchpoints = [tp.id for tp in ws.journey("pe-maija", state="current")]
    ws.ratings = [
        Rating(
            participant=f"pa-{who}",
            target=target,
            field="emotion",
            value=1 + (who + index) % 5,
            at=datetime(2026, 11, 27, 10, 0),
        )
        for index, target in enumerate(touchpoints[:4] + touchpoints[5:7])
        for who in range(5)
    ]
    return ws


def plain(layout: Layout) -> str:
    """The SVG without its embedded font (one case keeps it): the golden files stay small."""
    return to_svg(layout, embed_font=False)


def svg_cases() -> dict[str, Callable[[], str]]:
    """Every picture compared: the sample's maps, views and languages, a measured and rated
    map, and a large generated journey."""
    sample = sample_workshop()
    rich = measured_and_rated(sample_workshop())
    large = synthetic_workshop(300, personas=1)
    return {
        "sample-everyone": lambda: to_svg(layout_journey(sample)),
        "sample-maija": lambda: plain(layout_journey(sample, "pe-maija")),
        "sample-aino-fi": lambda: plain(layout_journey(sample, "pe-aino", lang="fi")),
        "sample-envisioned": lambda: plain(layout_journey(sample, "pe-maija", state="future")),
        "sample-a3": lambda: to_svg(layout_journey(sample, "pe-aino"), "a3", embed_font=False),
        "sample-matrix": lambda: plain(layout_matrix(sample)),
        "sample-emotions": lambda: plain(layout_emotions(sample)),
        "rich-maija": lambda: plain(layout_journey(rich, "pe-maija")),
        "rich-maija-sv": lambda: plain(layout_journey(rich, "pe-maija", lang="sv")),
        "large-300": lambda: plain(layout_journey(large)),
    }


@contextmanager
def recording() -> Iterator[Any]:
    """Widgets with recording comms, as the ``comms`` fixture sets them up."""
    import comm
    import ipycanvas.canvas

    from tests.widget_comm import RecordingComm

    manager = ipycanvas.canvas._CANVAS_MANAGER
    saved = comm.create_comm, manager.comm
    comm.create_comm = lambda **kwargs: RecordingComm()
    manager.comm = RecordingComm()
    manager._current_canvas = None
    try:
        yield manager.comm
    finally:
        comm.create_comm, manager.comm = saved
        manager._current_canvas = None


def command_stream(recorded: Any) -> str:
    """The drawing messages sent, as stable text: each canvas named by the order it
    first appears in (widget ids differ per run), binary buffers in base64."""
    names: dict[str, str] = {}

    def canvas_name(match: re.Match[str]) -> str:
        return names.setdefault(match.group(0), f"canvas-{len(names)}")

    messages = []
    for data, buffers in recorded.custom_messages():
        commands = json.loads(bytes(buffers[0]))
        rest = [base64.b64encode(bytes(buffer)).decode("ascii") for buffer in buffers[1:]]
        messages.append({"data": data, "commands": commands, "buffers": rest})
    text = json.dumps(messages, indent=0, sort_keys=True)
    return re.sub(r"IPY_MODEL_[0-9a-f]+", canvas_name, text)


def canvas_cases() -> dict[str, Callable[[], str]]:
    """The live map's drawing as the browser receives it: a view attaching, zoomed out,
    a hover tooltip, the projector's stage, a long generated journey."""
    from cjm_widgets.render.canvas import JourneyMapView
    from cjm_widgets.widgets.presentation import PresentationView
    from tests.widget_comm import browser_sends

    def attach(make: Callable[[], Any], then: Callable[[Any], None] | None = None) -> str:
        with recording() as recorded:
            view = make()
            recorded.messages.clear()
            map_view = view.map if isinstance(view, PresentationView) else view
            browser_sends(map_view.canvas, {"event": "client_ready"})
            if then is not None:
                then(map_view)
            return command_stream(recorded)

    def zoom_and_hover(view: Any) -> None:
        view.buttons["out"].click()
        chip = next(s for s in view.layout_data.hotspots if s.kind == "touchpoint")
        browser_sends(
            view.canvas,
            {
                "event": "mouse_move",
                "x": (chip.box.x + 5) * view.scale,
                "y": (chip.box.y + 5) * view.scale,
            },
        )

    sample = sample_workshop()
    rich = measured_and_rated(sample_workshop())
    large = synthetic_workshop(120, personas=1)
    return {
        "canvas-sample-maija": lambda: attach(lambda: JourneyMapView(sample, "pe-maija")),
        "canvas-sample-aino-zoom-hover": lambda: attach(
            lambda: JourneyMapView(sample, "pe-aino", lang="da"), zoom_and_hover
        ),
        "canvas-rich-maija": lambda: attach(lambda: JourneyMapView(rich, "pe-maija")),
        "canvas-presentation": lambda: attach(lambda: PresentationView(sample, "pe-maija")),
        "canvas-large-120": lambda: attach(lambda: JourneyMapView(large)),
    }


def golden_path(name: str) -> Path:
    suffix = ".json.gz" if name.startswith("canvas-") else ".svg.gz"
    return GOLDEN / f"{name}{suffix}"


def read_golden(name: str) -> str:
    return gzip.decompress(golden_path(name).read_bytes()).decode("utf-8")


def first_difference(expected: str, actual: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    return (
        f"first difference at character {at} of {len(expected)}:\n"
        f"golden: {expected[max(0, at - 120) : at + 120]!r}\n"
        f"now:    {actual[max(0, at - 120) : at + 120]!r}"
    )


@pytest.mark.parametrize("name", sorted(svg_cases()))
def test_the_svg_is_byte_for_byte_the_golden_one(name: str) -> None:
    expected, actual = read_golden(name), svg_cases()[name]()
    assert actual == expected, first_difference(expected, actual)


def commands_only(stream: str) -> str:
    """A command stream without the size in bytes of each message's command buffer, which
    depends on the JSON library ipycanvas finds (orjson writes no spaces), not on the
    drawing."""
    messages = json.loads(stream)
    for message in messages:
        message["data"].get("content", {}).pop("shape", None)
    return json.dumps(messages, indent=0, sort_keys=True)


@pytest.mark.parametrize("name", sorted(canvas_cases()))
def test_the_canvas_receives_the_golden_command_stream(comms: Any, name: str) -> None:
    expected, actual = commands_only(read_golden(name)), commands_only(canvas_cases()[name]())
    assert actual == expected, first_difference(expected, actual)


def write_goldens() -> None:
    """Write every golden file from the code as it is now."""
    GOLDEN.mkdir(exist_ok=True)
    for name, make in {**svg_cases(), **canvas_cases()}.items():
        golden_path(name).write_bytes(gzip.compress(make().encode("utf-8"), mtime=0))
        print(f"wrote {golden_path(name)}")


if __name__ == "__main__":
    write_goldens()
    sys.exit(0)
