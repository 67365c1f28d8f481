"""PNG exports stay within what viewers open: a map too wide is written as pages of whole
stages, any other picture too large is drawn smaller, and each says what it did."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cjm_widgets import Workshop
from cjm_widgets.errors import CjmError
from cjm_widgets.layout import Layout, MapOptions
from cjm_widgets.layout.journey import map_pages, map_width
from cjm_widgets.render import pages
from cjm_widgets.render.svg import PNG_MAX_PIXELS, PNG_MAX_SIDE, to_png
from tests.messages import read_back, said
from tests.synthetic import synthetic_workshop
from tests.test_cli import run

THEME = MapOptions().theme


def wide_document(stages: int = 4, per_stage: int = 25) -> dict[str, Any]:
    """A map 100 touchpoints (20,168 px) wide with little text on it: quick to draw."""
    return {
        "title": "Wide",
        "stages": [{"id": f"st-{i}", "name": f"Stage {i}"} for i in range(stages)],
        "channels": [{"id": "ch-web", "name": "Web"}],
        "touchpoints": [
            {
                "id": f"tp-{i}",
                "stage": f"st-{i // per_stage}",
                "channel": "ch-web",
                "order": i,
                "title": f"T{i}",
            }
            for i in range(stages * per_stage)
        ],
    }


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    path = tmp_path / "wide.cjm.json"
    Workshop.from_dict(wide_document()).save(path)
    return path


SIZE_WARNINGS = ("svg.map_as_pages", "svg.pages_left", "svg.png_scaled", "svg.page_scaled")


def warned(err: str) -> list[tuple[str, dict[str, str]]]:
    """The size warnings cjm export printed, each as its catalog key and what it names."""
    found = []
    for line in err.splitlines():
        warning = read_back("cli.warning", line, command="export")
        for key in SIZE_WARNINGS if warning else ():
            shown = read_back(key, warning["message"])
            if shown is not None:
                found.append((key, shown))
    return found


def image(path: Path) -> Image.Image:
    picture = Image.open(io.BytesIO(path.read_bytes()))
    assert picture.format == "PNG"
    return picture


def test_a_map_wider_than_a_png_is_written_as_pages_of_whole_stages(
    wide: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert map_width(100, THEME) > PNG_MAX_SIDE
    code, out, err = run(capsys, "export", str(wide), "--to", "png")
    assert code == 0, err
    first, second = wide.with_name("wide-map-p1.png"), wide.with_name("wide-map-p2.png")
    assert said("cli.wrote", path=first) in out and said("cli.wrote", path=second) in out
    assert not wide.with_name("wide-map.png").exists()
    # three stages of 25 touchpoints fit one page, the fourth starts the next
    assert image(first).size[0] == map_width(75, THEME)
    assert image(second).size[0] == map_width(25, THEME)
    assert warned(err) == [("svg.map_as_pages", {"width": "20168", "side": "16384", "count": "2"})]
    assert "Traceback" not in err


def test_pages_asks_for_some_pages_and_refuses_pages_the_map_lacks(
    wide: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", str(wide), "--to", "png", "--pages", "2")
    assert code == 0, err
    assert out.strip() == said("cli.wrote", path=wide.with_name("wide-map-p2.png"))
    assert warned(err) == []  # asked for: nothing to explain
    code, _, err = run(capsys, "export", str(wide), "--to", "png", "--pages", "2-3")
    assert code == 1
    assert err.strip() == f"cjm export: {said('svg.no_such_page', value='2-3', count=2)}"
    code, _, err = run(capsys, "export", str(wide), "--to", "png", "--pages", "two")
    assert code == 1
    assert said("svg.bad_pages", value="two") in err
    code, _, err = run(capsys, "export", str(wide), "--to", "png", "--view", "matrix",
                       "--pages", "1")  # fmt: skip
    assert code == 1
    assert said("svg.pages_map_only", view="matrix") in err


def test_one_export_draws_a_bounded_amount_and_names_the_pages_left(
    wide: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "DRAW_MAX_PIXELS", 1)  # as if each page were the budget
    code, out, err = run(
        capsys, "export", str(wide), "--to", "png", "-o", str(wide.with_name("w.png"))
    )
    assert code == 0, err
    assert out.strip() == said("cli.wrote", path=wide.with_name("w-p1.png"))
    pages_left = {"first": "1", "last": "1", "count": "2", "next": "2", "end": "2"}
    assert ("svg.pages_left", pages_left) in warned(err)


def test_svg_keeps_the_whole_map_unless_pages_are_asked_for(
    wide: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", str(wide), "--to", "svg")
    assert code == 0 and warned(err) == []
    assert out.strip() == said("cli.wrote", path=wide.with_name("wide-map.svg"))
    code, out, err = run(capsys, "export", str(wide), "--to", "svg", "--pages", "1-2")
    assert code == 0, err
    assert wide.with_name("wide-map-p1.svg").exists() and wide.with_name("wide-map-p2.svg").exists()


def test_a_5000_touchpoint_map_is_planned_without_being_laid_out() -> None:
    ws = synthetic_workshop(5000, personas=1)
    plan = map_pages(ws, max_width=PNG_MAX_SIDE)
    assert sum(end - start for start, end in plan) == 5000
    assert [start for start, _ in plan[1:]] == [end for _, end in plan[:-1]]
    assert all(map_width(end - start, THEME) <= PNG_MAX_SIDE for start, end in plan)
    stages = [tp.stage for tp in ws.journey()]
    cuts = [start for start, _ in plan[1:]]
    whole = [cut for cut in cuts if stages[cut - 1] != stages[cut]]
    assert len(whole) == 7  # every stage boundary is a cut; the rest cut a wide stage
    picked = pages.plan_pictures(ws, pages="3")
    (picture,) = picked.pictures
    assert picked.pages == len(plan) and picture.number == 3
    assert picture.layout.width == map_width(plan[2][1] - plan[2][0], THEME)


def test_to_png_refuses_what_no_viewer_opens_before_drawing() -> None:
    huge = Layout(width=1_000_168, height=830, shapes=(), hotspots=(), title="huge")
    with pytest.raises(CjmError) as refused:
        to_png(huge)
    limits = {"side": "16384", "million": "100"}
    assert read_back("svg.png_too_large", str(refused.value)) == {
        "width": "1000168", "height": "830", **limits, "zoom": "0.0164"
    }  # fmt: skip
    square = Layout(width=12_000, height=12_000, shapes=(), hotspots=(), title="square")
    with pytest.raises(CjmError) as refused:
        to_png(square)
    shown = read_back("svg.png_too_large", str(refused.value))
    assert shown is not None and (shown["width"], shown["height"]) == ("12000", "12000")


def test_a_view_too_large_for_a_png_is_drawn_smaller_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.cjm.json"
    synthetic_workshop(140, personas=70).save(path)
    out = tmp_path / "curves.png"
    code, _, err = run(capsys, "export", str(path), "--to", "png", "--view", "emotions",
                       "-o", str(out))  # fmt: skip
    assert code == 0, err
    width, height = image(out).size
    assert width <= PNG_MAX_SIDE and height <= PNG_MAX_SIDE and width * height <= PNG_MAX_PIXELS
    (told,) = warned(err)
    assert told[0] == "svg.png_scaled"
    drawn = {"width": "37552", "height": "420", "zoom": "0.436"}
    assert drawn.items() <= told[1].items()
    assert (told[1]["new_width"], told[1]["new_height"]) == (str(width), str(height))
