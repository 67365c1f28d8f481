"""The journey map of one persona: stages as columns, lanes as rows, a legend below.

Pure geometry: it reads the model and returns a Layout of shapes; it draws nothing
and writes nothing, so the canvas and the SVG renderers show exactly the same map.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..bulk import cycle_collector_paused
from ..errors import WorkshopError
from ..fonts import text_width
from ..i18n import translate
from ..model import JourneyState, Stage, Touchpoint, Workshop
from .blocks import legend_text, text_block
from .context import Column, Lookups, MapContext, StageSpan
from .lane_base import Lane
from .lanes import star
from .options import MapOptions
from .shapes import Box, Circle, Hotspot, Layout, Polygon, Rect, Shape, Text
from .theme import EMOTION_COLOURS, SEVERITY_COLOURS, Theme, readable_on

Member = tuple[Stage, Touchpoint | None]
"""One column of a map: a touchpoint in its stage, or an empty stage's placeholder."""


def _members(
    ws: Workshop, journey: list[Touchpoint], stages: Sequence[str] | None = None
) -> list[Member]:
    """The map's columns in order: each stage's touchpoints, or one empty column."""
    by_stage: dict[str, list[Touchpoint]] = {}
    for tp in journey:
        by_stage.setdefault(tp.stage, []).append(tp)
    members: list[Member] = []
    for stage in ws.stages:
        if stages is not None and stage.id not in stages:
            continue
        stage_touchpoints: list[Touchpoint | None] = [*by_stage.get(stage.id, [])] or [None]
        members.extend((stage, member) for member in stage_touchpoints)
    return members


def _columns(members: Sequence[Member], theme: Theme) -> tuple[list[Column], list[StageSpan]]:
    columns: list[Column] = []
    spans: list[StageSpan] = []
    x = theme.margin + theme.label_width
    for stage, member in members:
        if not spans or spans[-1].stage.id != stage.id:
            spans.append(StageSpan(stage, x, 0.0))
        columns.append(Column(x, theme.column_width, stage, member))
        x += theme.column_width + theme.column_gap
        spans[-1] = StageSpan(stage, spans[-1].x, x - spans[-1].x - theme.column_gap)
    return columns, spans


def map_width(columns: int, theme: Theme) -> float:
    """How wide a map of ``columns`` columns is (its lanes' labels and margins too)."""
    step = theme.column_width + theme.column_gap
    return 2 * theme.margin + theme.label_width + max(columns * step - theme.column_gap, 0)


def map_pages(
    ws: Workshop,
    persona: str | None = None,
    *,
    state: JourneyState = "current",
    theme: Theme | None = None,
    max_width: float,
) -> list[tuple[int, int]]:
    """The map cut into pages at most ``max_width`` wide, as column ranges (start, end)
    for ``layout_journey(window=...)``: runs of whole stages, a stage wider than a page
    cut between touchpoints. Counted from the columns alone, without laying anything
    out, so a map of any size is planned at once."""
    theme = theme or MapOptions().theme
    members = _members(ws, ws.journey(persona, state=state))
    step = theme.column_width + theme.column_gap
    room = max_width - map_width(0, theme) + theme.column_gap
    per_page = max(int(room // step), 1)
    pages: list[tuple[int, int]] = []
    start = index = 0
    while index < len(members):
        stage = members[index][0].id
        end = index
        while end < len(members) and members[end][0].id == stage:
            end += 1
        if end - start > per_page and index > start:  # the stage starts a page of its own
            pages.append((start, index))
            start = index
        while end - start > per_page:  # a stage wider than a page: cut between touchpoints
            pages.append((start, start + per_page))
            start += per_page
        index = end
    if start < len(members) or not pages:
        pages.append((start, len(members)))
    return pages


@cycle_collector_paused()
def layout_journey(
    ws: Workshop,
    persona: str | None = None,
    *,
    state: JourneyState = "current",
    lanes: Sequence[Lane] | None = None,
    hide_empty_lanes: bool = True,
    theme: Theme | None = None,
    lang: str | None = None,
    options: MapOptions | None = None,
    stages: Sequence[str] | None = None,
    window: tuple[int, int] | None = None,
) -> Layout:
    """The journey map of ``persona`` (None: every touchpoint) in today's or the envisioned state.

    ``options`` carries the lanes, theme and language every picture of the map shares
    (default: every registered lane, the kit's own and the plugins'). ``lanes``, ``theme``
    and ``lang`` override it; empty lanes are left out unless ``hide_empty_lanes`` is False.
    ``stages`` (ids) narrows the map to those stages: a printed page, a projected stage.
    ``window`` keeps the columns from start to end (``map_pages``): a page of a map too
    wide for one picture.
    """
    ctx, chosen = journey_context(
        ws, persona, state=state, lanes=lanes, theme=theme, lang=lang, options=options,
        stages=stages, window=window,
    )  # fmt: skip
    shapes: list[Shape] = []
    hotspots: list[Hotspot] = []
    width = context_width(ctx)
    title, subtitle = titles(ctx, width)
    y = lanes_top(ctx, subtitle)
    shown = [lane for lane in chosen if not (hide_empty_lanes and lane.is_empty(ctx))]
    bands: list[Shape] = []
    for index, lane in enumerate(shown):
        height = lane.height(ctx)
        bands.extend(lane_band(ctx, index, lane, y, height, width))
        drawn = lane.draw(ctx, y, height)
        shapes.extend(drawn.shapes)
        hotspots.extend(drawn.hotspots)
        y += height + ctx.theme.lane_gap
    return finished(ctx, width, (title, subtitle, *bands, *shapes), hotspots, y)


def journey_context(
    ws: Workshop,
    persona: str | None,
    *,
    state: JourneyState,
    lanes: Sequence[Lane] | None,
    theme: Theme | None,
    lang: str | None,
    options: MapOptions | None,
    stages: Sequence[str] | None,
    window: tuple[int, int] | None = None,
) -> tuple[MapContext, list[Lane]]:
    """What one map's lanes read (its columns, lookups, theme, language), and its lanes."""
    if persona is not None and persona not in ws.by_id("personas"):
        raise WorkshopError.single(
            "persona", translate("error.reference", value=persona, target="personas")
        )
    options = options or MapOptions()
    theme = theme or options.theme
    lang = lang or options.lang or ws.language
    chosen = list(lanes) if lanes is not None else options.map_lanes()
    journey = ws.journey(persona, state=state)
    if stages is not None:
        journey = [tp for tp in journey if tp.stage in stages]
    members = _members(ws, journey, stages)
    if window is not None:
        members = members[window[0] : window[1]]
    columns, spans = _columns(members, theme)
    return MapContext(ws, persona, state, theme, lang, columns, spans, Lookups(ws)), chosen


def context_width(ctx: MapContext) -> float:
    """How wide the map of ``ctx`` is: its columns, labels and margins."""
    return ctx.content_right + ctx.theme.margin


def lanes_top(ctx: MapContext, subtitle: Text) -> float:
    """Where the first lane starts: under the title and subtitle."""
    return subtitle.box.bottom + ctx.theme.margin * 0.75


def lane_band(
    ctx: MapContext, index: int, lane: Lane, y: float, height: float, width: float
) -> tuple[Rect, Text]:
    """The ``index``-th lane's band (alternating shades) and its title in the label column."""
    theme = ctx.theme
    band = Box(theme.margin, y, width - 2 * theme.margin, height)
    fill = theme.band if index % 2 == 0 else theme.band_alt
    title = text_block(
        theme.margin + theme.lane_padding,
        y + theme.lane_padding,
        theme.label_width - 2 * theme.lane_padding,
        lane.title(ctx),
        size=theme.small_size + 1,
        max_lines=max(
            1, int((height - 2 * theme.lane_padding) // theme.line_px(theme.small_size + 1))
        ),
        color=theme.muted,
        role="lane-title",
        bold=True,
    )
    return Rect(band, fill, "lane", solid=False), title


def finished(
    ctx: MapContext,
    width: float,
    drawn: tuple[Shape, ...],
    hotspots: Sequence[Hotspot],
    y: float,
) -> Layout:
    """The map: its background, what was ``drawn`` (titles, lanes), and the legend under
    the lanes, which end at ``y``."""
    theme = ctx.theme
    legend, y = _legend(ctx, y + theme.margin / 2, width)
    background = Rect(Box(0, 0, width, y + theme.margin), theme.paper, "background", solid=False)
    return Layout(
        width=width,
        height=y + theme.margin,
        shapes=(background, *drawn, *legend),
        hotspots=tuple(hotspots),
        title=_title_text(ctx.ws, ctx.persona),
    )


def _title_text(ws: Workshop, persona: str | None) -> str:
    """The map's title: the workshop's, with the persona's name when the map is theirs."""
    if persona is None:
        return ws.title
    return f"{ws.title}: {ws.by_id('personas')[persona].name}"


def titles(ctx: MapContext, width: float) -> tuple[Text, Text]:
    """The map's title and the line under it (organisation, part, today or envisioned)."""
    theme, ws = ctx.theme, ctx.ws
    name = _title_text(ws, ctx.persona)
    title = text_block(
        theme.margin,
        theme.margin,
        width - 2 * theme.margin,
        name,
        size=theme.title_size,
        max_lines=2,
        color=theme.ink,
        role="title",
        bold=True,
    )
    details = [ws.organisation, translate(f"map.state.{ctx.state}", ctx.lang)]
    if ws.scope.journey == "part":
        details.insert(1, ws.scope.part)
    subtitle = text_block(
        theme.margin,
        title.box.bottom + 4,
        width - 2 * theme.margin,
        " · ".join(part for part in details if part),
        size=theme.text_size,
        max_lines=2,
        color=theme.muted,
        role="subtitle",
    )
    return title, subtitle


def _legend(ctx: MapContext, top: float, width: float) -> tuple[list[Shape], float]:
    """Channel colours, the emotion scale, the moment-of-truth mark and pain severity."""
    theme, lang = ctx.theme, ctx.lang
    shapes: list[Shape] = []
    x, y = theme.margin, top
    row_height = theme.line_px(theme.text_size) + 8
    right = width - theme.margin

    def place(item_width: float) -> tuple[float, float]:
        nonlocal x, y
        if x + item_width > right and x > theme.margin:
            x, y = theme.margin, y + row_height
        at = (x, y)
        x += item_width + 14
        return at

    heading = text_block(
        theme.margin,
        y,
        right - theme.margin,
        translate("map.legend.title", lang),
        size=theme.text_size,
        max_lines=1,
        color=theme.ink,
        role="legend-title",
        bold=True,
    )
    shapes.append(heading)
    y = heading.box.bottom + 6
    used = {tp.channel for tp in (c.touchpoint for c in ctx.columns) if tp is not None}
    for channel in ctx.ws.channels:
        if channel.id not in used:
            continue
        fill = ctx.channel_colour(channel.id)
        label = f"{channel.name} ({translate(f'channel.kind.{channel.kind}', lang)})"
        chip_width = min(_label_width(label, theme) + 16, right - theme.margin)
        cx, cy = place(chip_width)
        shapes.append(
            Rect(Box(cx, cy, chip_width, row_height - 6), fill, "legend-channel", radius=4)
        )
        shapes.append(legend_text(cx + 8, cy + 1, chip_width - 16, label, theme, readable_on(fill)))
    x, y = theme.margin, y + row_height + 4
    radius = (row_height - 8) / 2
    for score in range(1, 6):
        label = f"{score} {translate(f'emotion.{score}', lang)}"
        item = 2 * radius + 4 + _label_width(label, theme)
        cx, cy = place(item)
        shapes.append(
            Circle(cx + radius, cy + radius + 1, radius, EMOTION_COLOURS[score], "legend-emotion")
        )
        shapes.append(legend_text(cx + 2 * radius + 4, cy + 1, item - 2 * radius - 4, label, theme))
    label = translate("map.legend.moment_of_truth", lang)
    item = 22 + _label_width(label, theme)
    cx, cy = place(item)
    shapes.append(
        Polygon(
            star(cx + 8, cy + 9, 8),
            theme.moment_of_truth,
            "legend-moment",
            stroke=theme.ink,
            stroke_width=1,
        )
    )
    shapes.append(legend_text(cx + 20, cy + 1, item - 20, label, theme))
    x, y = theme.margin, y + row_height
    label = translate("map.legend.severity", lang)
    item = _label_width(label, theme)
    cx, cy = place(item)
    shapes.append(legend_text(cx, cy + 1, item, label, theme))
    for severity in range(1, 6):
        cx, cy = place(26)
        fill = SEVERITY_COLOURS[severity]
        shapes.append(Rect(Box(cx, cy + 1, 26, row_height - 8), fill, "legend-severity", radius=2))
        shapes.append(
            text_block(
                cx,
                cy + 1,
                26,
                str(severity),
                size=theme.small_size,
                max_lines=1,
                color=readable_on(fill),
                role="legend-text",
                anchor="middle",
            )
        )
    return shapes, y + row_height


def _label_width(label: str, theme: Theme) -> float:
    return text_width(label, theme.small_size + 1) + 2
