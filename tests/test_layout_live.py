"""The live map's layout after edits is the very layout drawn from scratch, while only
the edited columns are measured and drawn again."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cjm_widgets import Workshop
from cjm_widgets.editing import add, place, remove
from cjm_widgets.layout import Drawn, Lane, Layout, MapContext, MapOptions, layout_journey
from cjm_widgets.layout.live_journey import LiveJourney
from cjm_widgets.layout.options import registered_lanes
from cjm_widgets.layout.shapes import Box, Rect
from cjm_widgets.layout.warm_up import taken, warm_up
from cjm_widgets.samples import sample_workshop
from tests.synthetic import synthetic_workshop
from tests.test_map_golden import measured_and_rated


class Counted(Lane):
    """A plugin's lane: how many touchpoints each column's stage has (reads across columns)."""

    key, label, order = "counted", "Per stage", 75

    def height(self, ctx: MapContext) -> float:
        return 20.0

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        drawn = Drawn()
        for span in ctx.spans:
            count = sum(1 for c in ctx.columns if c.stage.id == span.stage.id and c.touchpoint)
            drawn.shapes.append(Rect(Box(span.x, top, 4.0 * count, height), "#0072B2", "count"))
        return drawn


class Flagged(Lane):
    """A plugin's column-local lane that leaves measuring per column to the default."""

    key, label, order, column_local = "flagged", "Moments", 45, True

    def is_empty(self, ctx: MapContext) -> bool:
        return not any(c.touchpoint and c.touchpoint.moment_of_truth for c in ctx.columns)

    def height(self, ctx: MapContext) -> float:
        marked = [c for c in ctx.columns if c.touchpoint and c.touchpoint.moment_of_truth]
        return 14.0 if marked else 6.0

    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        drawn = Drawn()
        for c in ctx.columns:
            if c.touchpoint is not None and c.touchpoint.moment_of_truth:
                drawn.shapes.append(Rect(Box(c.x, top, c.w, height), "#F0E442", "flag"))
        return drawn


def options() -> MapOptions:
    return MapOptions(lanes=tuple(sorted([*registered_lanes(), Counted(), Flagged()],
                                         key=lambda lane: lane.order)))  # fmt: skip


def same(live: Layout, whole: Layout) -> None:
    assert (live.width, live.height) == (whole.width, whole.height)
    assert live.shapes == whole.shapes
    assert live.hotspots == whole.hotspots


Edit = Callable[[Workshop], None]


def retitle(ws: Workshop) -> None:
    tp = ws.journey("pe-maija")[2]
    tp.title = "A much longer title that wraps onto more lines of the chip than it had before"


def feel(ws: Workshop) -> None:
    ws.journey("pe-maija")[3].emotion = 1


def pain(ws: Workshop) -> None:
    add(
        ws, "pain_points", {"text": "Nobody answers", "touchpoints": [ws.journey("pe-maija")[1].id]}
    )


def many_pains(ws: Workshop) -> None:
    target = ws.journey("pe-maija")[4].id
    for n in range(5):
        add(ws, "pain_points", {"text": f"Pain {n} of many", "touchpoints": [target]})


def idea(ws: Workshop) -> None:
    ws.ideas[0].status = "approved"
    ws.ideas[0].text = "Send it by text message instead, with the amount"


def metric(ws: Workshop) -> None:
    ws.metrics[0].actual = 1.5


def moment(ws: Workshop) -> None:
    ws.journey("pe-maija")[5].moment_of_truth = not ws.journey("pe-maija")[5].moment_of_truth


def move(ws: Workshop) -> None:
    tp = ws.journey("pe-maija")[0]
    tp.stage = ws.stages[-1].id


def rename_channel(ws: Workshop) -> None:
    ws.channels[0].name = "The online bank of the family"


def undo_title(ws: Workshop) -> None:
    ws.journey("pe-maija")[2].title = "Short"


EDITS: list[Edit] = [retitle, feel, pain, many_pains, idea, metric, moment, undo_title,
                     rename_channel, move]  # fmt: skip


@pytest.mark.parametrize("make", [sample_workshop, lambda: measured_and_rated(sample_workshop())])
def test_every_edit_gives_the_layout_drawn_from_scratch(make: Callable[[], Workshop]) -> None:
    ws, live, chosen = make(), LiveJourney(), options()
    same(
        live.layout(ws, "pe-maija", options=chosen), layout_journey(ws, "pe-maija", options=chosen)
    )
    for edit in EDITS:
        edit(ws)
        laid = live.layout(ws, "pe-maija", options=chosen)
        same(laid, layout_journey(ws, "pe-maija", options=chosen))


def test_one_touchpoint_edited_is_one_column_drawn_again() -> None:
    ws, live = synthetic_workshop(60, personas=1), LiveJourney()
    live.layout(ws)
    assert live.redrawn_columns == len(ws.stages) + 60 - len({tp.stage for tp in ws.touchpoints})
    live.layout(ws)
    assert live.redrawn_columns == 0
    middle = ws.journey(None)[30]
    middle.title = "Retitled"
    same(live.layout(ws), layout_journey(ws))
    assert live.redrawn_columns == 1
    add(ws, "pain_points", {"text": "Lost on the way", "touchpoints": [middle.id]})
    same(live.layout(ws), layout_journey(ws))
    assert live.redrawn_columns == 1
    middle.stage = next(stage.id for stage in ws.stages if stage.id != middle.stage)
    same(live.layout(ws), layout_journey(ws))
    assert live.redrawn_columns == 1  # the others' drawings are taken along to their places


def test_columns_that_move_keep_their_drawings_and_only_new_ones_are_drawn() -> None:
    ws, live = synthetic_workshop(60, personas=1), LiveJourney()
    live.layout(ws)
    journey = ws.journey(None)
    last, first = journey[-1], journey[0]
    place(ws, last.id, first.stage, 0)  # a card dropped at the front: every column moves
    same(live.layout(ws), layout_journey(ws))
    assert live.redrawn_columns == 1
    add(ws, "touchpoints", {"title": "New step", "stage": first.stage, "channel": first.channel,
                            "persona": first.persona})  # fmt: skip
    same(live.layout(ws), layout_journey(ws))
    assert live.redrawn_columns == 1
    remove(ws, "touchpoints", journey[20].id)
    same(live.layout(ws), layout_journey(ws))
    assert live.redrawn_columns == 0
    emptied = [tp for tp in ws.touchpoints if tp.stage == ws.stages[-1].id]
    for tp in emptied:  # the last stage left without touchpoints: it shows an empty column
        place(ws, tp.id, ws.stages[0].id, 0)
    same(live.layout(ws), layout_journey(ws))
    assert live.redrawn_columns == len(emptied) + 1


def test_a_workshop_without_stages_yet_is_laid_out_as_from_scratch() -> None:
    ws, live = Workshop.from_dict({"title": "Just started"}), LiveJourney()
    same(live.layout(ws), layout_journey(ws))
    ws.title = "Just started, renamed"
    same(live.layout(ws), layout_journey(ws))


def test_another_persona_stage_or_language_is_laid_out_anew(sample: Workshop) -> None:
    live = LiveJourney()
    same(live.layout(sample, "pe-maija"), layout_journey(sample, "pe-maija"))
    same(live.layout(sample, "pe-aino"), layout_journey(sample, "pe-aino"))
    same(live.layout(sample, "pe-aino", lang="fi"), layout_journey(sample, "pe-aino", lang="fi"))
    first = [sample.stages[0].id]
    same(live.layout(sample, stages=first), layout_journey(sample, stages=first))
    other = sample_workshop()  # another workshop object with the same content
    other.touchpoints[0].title = "Changed in the other copy"
    same(live.layout(other, stages=first), layout_journey(other, stages=first))


def test_the_map_laid_out_while_the_app_loads_is_taken_up_once_by_its_map(
    sample: Workshop,
) -> None:
    options = MapOptions()
    warm_up(sample, "pe-maija", "en", options).join()
    assert taken(sample, "pe-maija", MapOptions())._key is None  # the projector's own options
    live = taken(sample, "pe-maija", options)
    laid = live.layout(sample, "pe-maija", options=options, lang="en")
    assert live.redrawn_columns == 0  # laid out already: only compared
    same(laid, layout_journey(sample, "pe-maija", options=options, lang="en"))
    assert taken(sample, "pe-maija", options)._key is None  # taken once
