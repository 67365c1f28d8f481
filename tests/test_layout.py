"""Geometry of the journey map, the matrix and the curves, checked as a reader would see it."""

from __future__ import annotations

import itertools

import pytest

from cjm_widgets import Touchpoint, Workshop, WorkshopError
from cjm_widgets.fonts import ELLIPSIS, text_width, wrap
from cjm_widgets.layout import (
    Layout,
    ListLane,
    Rect,
    Text,
    channel_colours,
    default_lanes,
    layout_journey,
)
from cjm_widgets.layout.emotions import layout_emotions
from cjm_widgets.layout.list_lanes import Entry
from cjm_widgets.layout.matrix import layout_matrix, quadrant
from cjm_widgets.layout.shapes import Circle, Curve
from cjm_widgets.layout.theme import CHANNEL_COLOURS, EMOTION_COLOURS, readable_on
from tests.messages import said

EPSILON = 0.01


def solid_rects(layout: Layout) -> list[Rect]:
    return [s for s in layout.shapes if isinstance(s, Rect) and s.solid]


def texts(layout: Layout) -> list[Text]:
    return [s for s in layout.shapes if isinstance(s, Text) and s.lines]


@pytest.fixture(params=[None, "pe-maija", "pe-aino"], ids=["everyone", "maija", "aino"])
def sample_map(
    request: pytest.FixtureRequest, sample: Workshop
) -> tuple[Workshop, str | None, Layout]:
    return sample, request.param, layout_journey(sample, request.param)


def test_no_two_boxes_overlap(sample_map: tuple[Workshop, str | None, Layout]) -> None:
    _, _, layout = sample_map
    rects = solid_rects(layout)
    assert len(rects) > 30
    for first, second in itertools.combinations(rects, 2):
        assert not first.box.overlaps(second.box), (first.role, first.ref, second.role, second.ref)
    blocks = texts(layout)
    for first, second in itertools.combinations(blocks, 2):
        assert not first.box.overlaps(second.box), (first.lines, second.lines)


def test_every_touchpoint_once_in_its_stage_column_and_channel_colour(
    sample_map: tuple[Workshop, str | None, Layout],
) -> None:
    ws, persona, layout = sample_map
    chips = [r for r in layout.shapes if isinstance(r, Rect) and r.role == "touchpoint"]
    expected = ws.journey(persona, state="current")
    assert sorted(chip.ref or "" for chip in chips) == sorted(tp.id for tp in expected)
    stage_boxes = {r.ref: r.box for r in layout.shapes if isinstance(r, Rect) and r.role == "stage"}
    colours = channel_colours(ws)
    touchpoints = ws.by_id("touchpoints")
    for chip in chips:
        tp = touchpoints[chip.ref]
        stage = stage_boxes[tp.stage]
        assert stage.x - EPSILON <= chip.box.x and chip.box.right <= stage.right + EPSILON
        assert chip.fill == colours[tp.channel]
    # journey order is left to right
    xs = {chip.ref: chip.box.x for chip in chips}
    assert [xs[tp.id] for tp in expected] == sorted(xs.values())


def test_every_wrapped_text_fits_its_box(sample_map: tuple[Workshop, str | None, Layout]) -> None:
    _, _, layout = sample_map
    for block in texts(layout):
        for line in block.lines:
            assert text_width(line, block.size, block.bold) <= block.box.w + EPSILON, line
        assert len(block.lines) * block.size * block.line_height <= block.box.h + EPSILON
        assert block.box.x >= 0 and block.box.right <= layout.width + EPSILON
        assert block.box.y >= 0 and block.box.bottom <= layout.height + EPSILON


def test_chip_text_stays_inside_its_chip(sample_map: tuple[Workshop, str | None, Layout]) -> None:
    _, _, layout = sample_map
    chips = {r.ref: r.box for r in layout.shapes if isinstance(r, Rect) and r.role == "touchpoint"}
    for block in texts(layout):
        if block.role in ("touchpoint-title", "touchpoint-channel"):
            chip = chips[block.ref]
            assert chip.x <= block.box.x and block.box.right <= chip.right + EPSILON
            assert chip.y <= block.box.y and block.box.bottom <= chip.bottom + EPSILON
            assert block.color == readable_on(
                next(
                    r.fill
                    for r in layout.shapes
                    if isinstance(r, Rect) and r.role == "touchpoint" and r.ref == block.ref
                )
            )


def test_curve_passes_through_each_score(sample_map: tuple[Workshop, str | None, Layout]) -> None:
    ws, persona, layout = sample_map
    dots = [s for s in layout.shapes if isinstance(s, Circle) and s.role == "emotion"]
    touchpoints = ws.by_id("touchpoints")
    scored = [tp for tp in ws.journey(persona, state="current") if tp.emotion is not None]
    assert [dot.ref for dot in dots] == [tp.id for tp in scored]
    for dot in dots:
        assert dot.fill == EMOTION_COLOURS[touchpoints[dot.ref].emotion]
    (curve,) = [s for s in layout.shapes if isinstance(s, Curve)]
    passes = [curve.start, *(end for _, _, end in curve.pieces)]
    assert passes == [(dot.cx, dot.cy) for dot in dots]
    # the score sets the height: equal scores share a y, higher scores sit higher
    by_score = {}
    for dot in dots:
        by_score.setdefault(touchpoints[dot.ref].emotion, set()).add(round(dot.cy, 6))
    assert all(len(ys) == 1 for ys in by_score.values())
    ordered = [next(iter(by_score[score])) for score in sorted(by_score)]
    assert ordered == sorted(ordered, reverse=True)
    # the smooth line never leaves the band between neighbouring scores
    for (_, y0), (first, second, end) in zip(passes, curve.pieces, strict=False):
        for _, y in (first, second):
            assert min(y0, end[1]) - EPSILON <= y <= max(y0, end[1]) + EPSILON


def test_unscored_touchpoints_break_the_curve(small: Workshop) -> None:
    small.touchpoints[0].emotion = None
    layout = layout_journey(small)
    assert not [s for s in layout.shapes if isinstance(s, Curve)]
    assert len([s for s in layout.shapes if isinstance(s, Circle) and s.role == "emotion"]) == 1


def test_long_text_wraps_and_ends_with_an_ellipsis(small: Workshop) -> None:
    small.touchpoints[0].title = "A very long touchpoint title " * 12
    small.touchpoints[0].action = "Supercalifragilisticexpialidociousnessandthensome" * 2
    layout = layout_journey(small)
    title = next(t for t in texts(layout) if t.role == "touchpoint-title" and t.ref == "tp-1")
    assert len(title.lines) == 4
    assert title.lines[-1].endswith(ELLIPSIS)
    action = next(t for t in texts(layout) if t.role == "actions" and t.ref == "tp-1")
    # a word too long for a line is broken inside it, and no letter is lost
    assert len(action.lines) > 1
    assert "".join(action.lines) == small.touchpoints[0].action


def test_wrap_keeps_every_word_when_it_fits() -> None:
    lines = wrap("Pay the bill in the online bank", 80, 12, 5)
    assert " ".join(lines) == "Pay the bill in the online bank"
    assert all(text_width(line, 12) <= 80 for line in lines)
    assert wrap("", 80, 12, 3) == []
    assert wrap("Calls: 1\u00a0250 calls", 60, 12, 3)[1].startswith("1\u00a0250")


def lane_titles(layout: Layout) -> list[str]:
    return [" ".join(t.lines) for t in texts(layout) if t.role == "lane-title"]


def test_empty_lanes_are_hidden_unless_asked(small: Workshop) -> None:
    shown = lane_titles(layout_journey(small))
    lanes = ("stages", "touchpoints", "emotions", "pain_points", "ideas", "metrics")
    assert shown == [said(f"map.lane.{lane}") for lane in lanes]
    everything = lane_titles(layout_journey(small, hide_empty_lanes=False))
    assert len(everything) == len(default_lanes())
    assert said("map.lane.thoughts") in everything


def test_a_plugin_lane_joins_the_map(small: Workshop) -> None:
    def owners(ctx: object, tp: Touchpoint) -> list[Entry]:
        return [Entry(f"Owner of {tp.title}")]

    lanes = [*default_lanes(), ListLane("owners", "map.lane.backoffice", owners)]
    layout = layout_journey(small, lanes=lanes)
    items = [" ".join(t.lines) for t in texts(layout) if t.role == "owners-item"]
    assert items == ["Owner of Finds the form", "Owner of Gets the keys"]


def test_persona_map_leaves_out_other_personas(sample: Workshop) -> None:
    layout = layout_journey(sample, "pe-maija")
    refs = {r.ref for r in solid_rects(layout) if r.role == "touchpoint"}
    assert "tp-aino-calls-signup" not in refs
    assert "tp-einvoice-arrives" in refs  # shared by both personas
    assert layout.title == "E-invoice and payment journey: Maija, busy parent"


def test_envisioned_journey_map(sample: Workshop) -> None:
    layout = layout_journey(sample, state="future")
    refs = {r.ref for r in solid_rects(layout) if r.role == "touchpoint"}
    assert refs == {"tp-future-signup-in-app", "tp-future-plain-bill", "tp-future-no-paper"}
    assert any(said("map.state.future") in " ".join(t.lines) for t in texts(layout))


def test_stages_without_touchpoints_keep_a_column(small: Workshop) -> None:
    small.stages = [
        *small.stages,
        small.stages[0].model_copy(update={"id": "st-3", "name": "Settle in"}),
    ]
    layout = layout_journey(small)
    stages = [r.ref for r in layout.shapes if isinstance(r, Rect) and r.role == "stage"]
    assert stages == ["st-1", "st-2", "st-3"]


def test_channels_beyond_the_palette_repeat_it(small: Workshop) -> None:
    channels = [{"id": f"ch-{i}", "name": f"C{i}"} for i in range(10)]
    small.channels = [*small.channels, *[type(small.channels[0])(**c) for c in channels]]
    colours = channel_colours(small)
    assert colours["ch-web"] == CHANNEL_COLOURS[0]
    assert colours["ch-8"] == CHANNEL_COLOURS[1]


def test_hotspots_find_touchpoints(sample: Workshop) -> None:
    layout = layout_journey(sample, "pe-aino")
    chip = next(
        r for r in solid_rects(layout) if r.role == "touchpoint" and r.ref == "tp-aino-calls-bill"
    )
    spot = layout.hit(chip.box.x + 5, chip.box.y + 5)
    assert spot is not None and spot.ref == "tp-aino-calls-bill"
    assert spot.tooltip.splitlines()[:2] == [
        "Calls about the bill amount",
        said("map.tooltip.where", stage="Understands the bill", channel="Phone customer service"),
    ]
    emotion = said("map.tooltip.emotion", score=2, word=said("emotion.2"), feeling="uneasy")
    assert emotion in spot.tooltip
    assert layout.hit(1, 1) is None


# -- the priority matrix ----------------------------------------------------------------


def test_matrix_places_each_rated_idea_once_at_its_scores(sample: Workshop) -> None:
    layout = layout_matrix(sample)
    dots = [s for s in layout.shapes if isinstance(s, Circle) and s.role == "idea"]
    assert sorted(d.ref or "" for d in dots) == sorted(i.id for i in sample.ideas)
    ideas = sample.by_id("ideas")
    for dot in dots:
        idea = ideas[dot.ref]
        assert layout.scores_at(dot.cx, dot.cy) == (idea.effort, idea.impact)


def test_matrix_grid_maps_both_ways(sample: Workshop) -> None:
    layout = layout_matrix(sample)
    for effort, impact in itertools.product(range(1, 6), repeat=2):
        assert layout.scores_at(*layout.point_of(effort, impact)) == (effort, impact)
    assert layout.scores_at(-100, -100) == (1, 5)
    assert layout.scores_at(10_000, 10_000) == (5, 1)


def test_quadrants() -> None:
    assert quadrant(1, 5) == "quick_wins"
    assert quadrant(5, 5) == "major_projects"
    assert quadrant(1, 1) == "fill_ins"
    assert quadrant(5, 1) == "thankless_tasks"
    assert quadrant(3, 3) == "quick_wins"


def test_ideas_on_one_grid_point_do_not_hide_each_other(small: Workshop) -> None:
    small.ideas = [small.ideas[0].model_copy(update={"id": f"idea-{i}"}) for i in range(4)]
    dots = [s for s in layout_matrix(small).shapes if isinstance(s, Circle) and s.role == "idea"]
    for first, second in itertools.combinations(dots, 2):
        assert (first.cx - second.cx) ** 2 + (first.cy - second.cy) ** 2 >= (
            first.r * 2
        ) ** 2 - EPSILON


def test_unrated_ideas_are_listed_not_plotted(small: Workshop) -> None:
    small.ideas[0].effort = None
    layout = layout_matrix(small)
    assert not [s for s in layout.shapes if isinstance(s, Circle) and s.role == "idea"]
    listed = [" ".join(t.lines) for t in texts(layout)]
    assert said("matrix.list_unrated") in listed
    assert any(line.startswith(f"Shorter form ({said('status.proposed')})") for line in listed)


# -- emotion curves -----------------------------------------------------------------------


def test_emotion_curves_side_by_side(sample: Workshop) -> None:
    layout = layout_emotions(sample)
    titles = [" ".join(t.lines) for t in texts(layout) if t.role == "panel-title"]
    assert titles == ["Maija, busy parent", "Aino, careful senior"]
    current = [s for s in layout.shapes if isinstance(s, Curve) and s.role == "curve-current"]
    future = [s for s in layout.shapes if isinstance(s, Curve) and s.role == "curve-future"]
    assert len(current) == 2 and len(future) == 2
    assert all(curve.dash for curve in future) and not any(curve.dash for curve in current)
    points = [s for s in layout.shapes if isinstance(s, Circle) and s.role == "point-current"]
    assert len(points) == len(sample.journey("pe-maija", "current")) + len(
        sample.journey("pe-aino", "current")
    )


def test_one_persona_curve_alone(sample: Workshop) -> None:
    layout = layout_emotions(sample, ["pe-aino"])
    assert [" ".join(t.lines) for t in texts(layout) if t.role == "panel-title"] == [
        "Aino, careful senior"
    ]
    with pytest.raises(WorkshopError) as caught:
        layout_emotions(sample, ["pe-x"])
    assert [(p.key, p.params["value"]) for p in caught.value.problems] == [
        ("error.reference", "pe-x")
    ]
