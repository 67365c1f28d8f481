"""Emotion curves as small charts: one persona's, or several personas side by side.

Each panel runs through the stages left to right with scores 1 (bottom) to 5 (top).
Today's journey is a solid line; where the group also mapped the envisioned journey,
it is drawn dashed in the same panel, so the hoped-for change is visible at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import WorkshopError
from ..i18n import translate
from ..model import JourneyState, Touchpoint, Workshop
from .blocks import emotion_text, legend_text, smooth_curve, text_block, tick
from .shapes import Box, Circle, Hotspot, Layout, Point, Rect, Segment, Shape
from .theme import EMOTION_COLOURS, Theme

STATE_STROKES: dict[JourneyState, tuple[str, tuple[float, ...]]] = {
    "current": ("#1A1A1A", ()),
    "future": ("#0072B2", (6.0, 4.0)),
}


def _slots(ws: Workshop, personas: Sequence[str | None]) -> dict[str, int]:
    """Per stage, the places its touchpoints take: the most any chosen journey (today's
    or the envisioned one) has there. Every panel uses the same, so the stages line up
    side by side and a stage's name is cut (or not) alike in each."""
    return {
        stage.id: max(
            1,
            *(
                sum(tp.stage == stage.id for tp in ws.journey(persona, state=state))
                for persona in personas
                for state in STATE_STROKES
            ),
        )
        for stage in ws.stages
    }


def _panel(
    ws: Workshop,
    persona: str | None,
    box: Box,
    theme: Theme,
    lang: str,
    slots: dict[str, int],
) -> tuple[list[Shape], list[Hotspot]]:
    shapes: list[Shape] = [
        Rect(box, theme.band_alt, "panel", stroke=theme.rule, stroke_width=1, solid=False)
    ]
    hotspots: list[Hotspot] = []
    name = ws.by_id("personas")[persona].name if persona else ws.title
    title = text_block(
        box.x + 10,
        box.y + 8,
        box.w - 20,
        name,
        size=theme.heading_size,
        max_lines=1,
        color=theme.ink,
        role="panel-title",
        bold=True,
    )
    shapes.append(title)
    label_room = 2 * theme.line_px(theme.small_size) + 8
    plot = Box(
        box.x + 28,
        title.box.bottom + 10,
        box.w - 40,
        box.bottom - title.box.bottom - 20 - label_room,
    )
    journeys: dict[JourneyState, list[Touchpoint]] = {
        state: ws.journey(persona, state=state) for state in STATE_STROKES
    }
    unit = plot.w / max(1, sum(slots.values()))
    starts: dict[str, float] = {}
    x = plot.x
    for stage in ws.stages:
        starts[stage.id] = x
        x += slots[stage.id] * unit
        shapes.append(Segment((x, plot.y), (x, plot.bottom), theme.rule, 0.5, "stage-rule"))
        shapes.append(
            text_block(
                starts[stage.id] + 2,
                plot.bottom + 6,
                slots[stage.id] * unit - 4,
                stage.name,
                size=theme.small_size,
                max_lines=2,
                color=theme.muted,
                role="stage-label",
                anchor="middle",
            )
        )
    for score in range(1, 6):
        y = plot.bottom - (score - 0.5) * plot.h / 5
        shapes.append(
            Segment((plot.x, y), (plot.right, y), theme.rule, 0.5, "emotion-guide", (2.0, 3.0))
        )
        shapes.append(tick(box.x + 6, y - 7, 16, str(score), theme, "end"))
    for state, journey in journeys.items():
        stroke, dash = STATE_STROKES[state]
        placed: list[tuple[Touchpoint, Point]] = []
        seen: dict[str, int] = {}
        for tp in journey:
            index = seen.get(tp.stage, 0)
            seen[tp.stage] = index + 1
            if tp.emotion is None:
                continue
            px = starts[tp.stage] + (index + 0.5) * unit
            py = plot.bottom - (tp.emotion - 0.5) * plot.h / 5
            placed.append((tp, (px, py)))
        if len(placed) > 1:
            shapes.append(smooth_curve([p for _, p in placed], stroke, 2.0, f"curve-{state}", dash))
        for tp, (px, py) in placed:
            assert tp.emotion is not None
            radius = 5.0 if state == "current" else 4.0
            shapes.append(
                Circle(
                    px,
                    py,
                    radius,
                    EMOTION_COLOURS[tp.emotion],
                    f"point-{state}",
                    stroke=stroke,
                    stroke_width=1,
                    ref=tp.id,
                )
            )
            tip = f"{tp.title}\n{emotion_text(tp.emotion, tp.feeling, lang)}"
            hotspots.append(
                Hotspot(
                    Box(px - radius, py - radius, 2 * radius, 2 * radius), tp.id, "touchpoint", tip
                )
            )
    return shapes, hotspots


def layout_emotions(
    ws: Workshop,
    personas: Sequence[str | None] | None = None,
    *,
    panel_width: float = 520.0,
    panel_height: float = 300.0,
    theme: Theme | None = None,
    lang: str | None = None,
    titled: bool = True,
) -> Layout:
    """Emotion curves of ``personas`` side by side (default: every persona, or the whole journey).

    Pass one persona id for that persona's curve alone; ``None`` in the list stands for
    every touchpoint regardless of persona. ``titled=False`` leaves the chart's title
    out of the drawing, for a page whose heading already says it.
    """
    theme = theme or Theme()
    lang = lang or ws.language
    known = ws.by_id("personas")
    chosen: list[str | None] = [*personas] if personas is not None else [*known] or [None]
    for persona in chosen:
        if persona is not None and persona not in known:
            raise WorkshopError.single(
                "persona", translate("error.reference", value=persona, target="personas")
            )
    margin, gap = theme.margin, 16.0
    title = text_block(
        margin,
        margin,
        max(panel_width, 300),
        translate("emotions.title", lang),
        size=theme.title_size,
        max_lines=1,
        color=theme.ink,
        role="title",
        bold=True,
    )
    top = title.box.bottom + 12 if titled else margin
    shapes: list[Shape] = [title] if titled else []
    hotspots: list[Hotspot] = []
    slots = _slots(ws, chosen)
    for index, persona in enumerate(chosen):
        box = Box(margin + index * (panel_width + gap), top, panel_width, panel_height)
        panel_shapes, panel_spots = _panel(ws, persona, box, theme, lang, slots)
        shapes.extend(panel_shapes)
        hotspots.extend(panel_spots)
    width = margin * 2 + len(chosen) * panel_width + (len(chosen) - 1) * gap
    y = top + panel_height + 12
    x = margin
    for state, (stroke, dash) in STATE_STROKES.items():
        shapes.append(Segment((x, y + 7), (x + 30, y + 7), stroke, 2.0, "legend-line", dash))
        label = translate(f"map.state.{state}", lang)
        block = legend_text(x + 36, y, 200, label, theme)
        shapes.append(block)
        x += 36 + 200
    height = y + 20 + margin
    background = Rect(Box(0, 0, width, height), theme.paper, "background", solid=False)
    return Layout(width, height, (background, *shapes), tuple(hotspots), title=title.lines[0])


VERSION_STROKES: dict[str, tuple[str, tuple[float, ...]]] = {
    "before": ("#8C8C8C", (6.0, 4.0)),
    "after": ("#1A1A1A", ()),
}
"""The earlier workshop's curve grey and dashed, today's black and solid."""


def _columns(before: list[Touchpoint], after: list[Touchpoint]) -> list[Touchpoint]:
    """Today's journey, with touchpoints only the earlier one had put after their predecessor."""
    columns = list(after)
    ids = [tp.id for tp in columns]
    for index, tp in enumerate(before):
        if tp.id in ids:
            continue
        previous = next((p.id for p in reversed(before[:index]) if p.id in ids), None)
        at = ids.index(previous) + 1 if previous is not None else 0
        columns.insert(at, tp)
        ids.insert(at, tp.id)
    return columns


def layout_emotion_change(
    before: Workshop,
    after: Workshop,
    persona: str | None = None,
    *,
    column_width: float = 96.0,
    height: float = 320.0,
    theme: Theme | None = None,
    lang: str | None = None,
) -> Layout:
    """Today's journey's emotion curve at the earlier workshop and now, on one chart.

    Columns are the touchpoints of both versions in journey order (matched by id); a
    touchpoint one version lacks has no point on that version's curve.
    """
    theme = theme or Theme()
    lang = lang or after.language
    journeys = {
        "before": before.journey(persona, state="current"),
        "after": after.journey(persona, state="current"),
    }
    columns = _columns(journeys["before"], journeys["after"])
    margin = theme.margin
    width = max(640.0, 2 * margin + 36 + len(columns) * column_width)
    title = text_block(margin, margin, width - 2 * margin, translate("versions.report.chart", lang),
                       size=theme.title_size, max_lines=1, color=theme.ink, role="title",
                       bold=True)  # fmt: skip
    label_room = 3 * theme.line_px(theme.small_size) + 8
    plot = Box(margin + 28, title.box.bottom + 14, width - 2 * margin - 36,
               height - title.box.bottom - 30 - label_room)  # fmt: skip
    shapes: list[Shape] = [title, Rect(plot, theme.band_alt, "panel", stroke=theme.rule,
                                       stroke_width=1, solid=False)]  # fmt: skip
    hotspots: list[Hotspot] = []
    unit = plot.w / max(1, len(columns))
    for score in range(1, 6):
        y = plot.bottom - (score - 0.5) * plot.h / 5
        shapes.append(
            Segment((plot.x, y), (plot.right, y), theme.rule, 0.5, "emotion-guide", (2.0, 3.0))
        )
        shapes.append(tick(plot.x - 22, y - 7, 16, str(score), theme, "end"))
    for index, tp in enumerate(columns):
        shapes.append(text_block(plot.x + index * unit + 2, plot.bottom + 6, unit - 4, tp.title,
                                 size=theme.small_size, max_lines=3, color=theme.muted,
                                 role="touchpoint-label", anchor="middle"))  # fmt: skip
    for version, journey in journeys.items():
        stroke, dash = VERSION_STROKES[version]
        scores = {tp.id: tp.emotion for tp in journey if tp.emotion is not None}
        placed: list[tuple[Touchpoint, Point]] = [
            (tp, (plot.x + (index + 0.5) * unit, plot.bottom - (scores[tp.id] - 0.5) * plot.h / 5))
            for index, tp in enumerate(columns)
            if tp.id in scores
        ]
        if len(placed) > 1:
            points = [p for _, p in placed]
            shapes.append(smooth_curve(points, stroke, 2.0, f"curve-{version}", dash))
        for tp, (px, py) in placed:
            score = scores[tp.id]
            assert score is not None
            shapes.append(Circle(px, py, 5.0, EMOTION_COLOURS[score], f"point-{version}",
                                 stroke=stroke, stroke_width=1, ref=tp.id))  # fmt: skip
            tip = f"{tp.title}\n{emotion_text(score, tp.feeling, lang)}"
            hotspots.append(Hotspot(Box(px - 5, py - 5, 10, 10), tp.id, "touchpoint", tip))
    y = plot.bottom + label_room + 8
    x = margin
    for version, (stroke, dash) in VERSION_STROKES.items():
        shapes.append(Segment((x, y + 7), (x + 30, y + 7), stroke, 2.0, "legend-line", dash))
        revision = (before if version == "before" else after).revision
        label = translate(f"versions.report.{version}", lang, revision=revision)
        shapes.append(legend_text(x + 36, y, 260, label, theme))
        x += 36 + 260
    total = y + 20 + margin
    background = Rect(Box(0, 0, width, total), theme.paper, "background", solid=False)
    return Layout(width, total, (background, *shapes), tuple(hotspots), title=title.lines[0])
