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
from tests.synthetic import synthetic_workshop
from tests.test_cli import run

THEME = MapOptions().theme
BY = "\N{MULTIPLICATION SIGN}"  # as messages write sizes


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
    assert f"Wrote {first}" in out and f"Wrote {second}" in out
    assert not wide.with_name("wide-map.png").exists()
    # three stages of 25 touchpoints fit one page, the fourth starts the next
    assert image(first).size[0] == map_width(75, THEME)
    assert image(second).size[0] == map_width(25, THEME)
    assert "warning: the map is 20168 px wide, more than one PNG holds (16384 px)" in err
    assert "written as 2 pages of whole stages" in err
    assert "Traceback" not in err


def test_pages_asks_for_some_pages_and_refuses_pages_the_map_lacks(
    wide: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", str(wide), "--to", "png", "--pages", "2")
    assert code == 0, err
    assert out.strip() == f"Wrote {wide.with_name('wide-map-p2.png')}"
    assert "warning" not in err  # asked for: nothing to explain
    code, _, err = run(capsys, "export", str(wide), "--to", "png", "--pages", "2-3")
    assert code == 1
    assert err.strip() == (
        "cjm export: the map has no page 2-3: it has 2 pages; ask for pages from 1 to 2"
    )
    code, _, err = run(capsys, "export", str(wide), "--to", "png", "--pages", "two")
    assert code == 1
    assert "'two' is not a page or a range of pages; write --pages 3 or --pages 3-8" in err
    code, _, err = run(capsys, "export", str(wide), "--to", "png", "--view", "matrix",
                       "--pages", "1")  # fmt: skip
    assert code == 1
    assert "only the journey map is cut into pages, not the matrix view" in err


def test_one_export_draws_a_bounded_amount_and_names_the_pages_left(
    wide: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "DRAW_MAX_PIXELS", 1)  # as if each page were the budget
    code, out, err = run(
        capsys, "export", str(wide), "--to", "png", "-o", str(wide.with_name("w.png"))
    )
    assert code == 0, err
    assert out.strip() == f"Wrote {wide.with_name('w-p1.png')}"
    assert "drew pages 1 to 1 of 2, as much as one export draws" in err
    assert "write the others with --pages 2-2, or the whole map as SVG with --to svg" in err


def test_svg_keeps_the_whole_map_unless_pages_are_asked_for(
    wide: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", str(wide), "--to", "svg")
    assert code == 0 and "warning" not in err
    assert out.strip() == f"Wrote {wide.with_name('wide-map.svg')}"
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
    assert str(refused.value).startswith(
        f"a PNG of 1000168 {BY} 830 px is more than viewers open (at most 16384 px wide and high "
        "and 100 million pixels); draw it at zoom 0.0164 or less, write a map as pages with "
        "cjm export --pages"
    )
    square = Layout(width=12_000, height=12_000, shapes=(), hotspots=(), title="square")
    with pytest.raises(CjmError, match=f"a PNG of 12000 {BY} 12000 px"):
        to_png(square)


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
    assert f"warning: a PNG of 37552 {BY} 420 px is more than viewers open" in err
    assert f"so it is drawn at zoom 0.436, {width} {BY} {height} px" in err
