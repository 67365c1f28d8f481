"""The live map on the projector: the whole browser window, large type, one stage at a time.

Only what the room reads from the back: the stage, its touchpoints, the emotion curve
and the pain points, with no editing controls. ← and → (or Page Up / Page Down, which presenter
remotes send) move between stages once the map has the keyboard focus (a click on it),
the buttons do the same, Esc ends. The browser's own full screen (F11) hides the rest;
a page cannot enter it by itself from the kernel. Each stage is laid out as a map of
its own (``layout_journey(stages=...)``) and drawn as one canvas batch.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

import ipywidgets as widgets
from traitlets import Int

from ..i18n import translate
from ..layout import MapOptions
from ..layout.theme import Theme
from ..model import Stage, Workshop
from ..render.canvas import JourneyMapView

PRESENTED_LANES = ("stages", "touchpoints", "emotions", "pain_points")
"""The lanes shown on the projector (by ``Lane.key``), top to bottom: the curve and the pain
points, under the touchpoints that name the curve's points."""

SHARPNESS = 2.0
"""Canvas pixels per layout pixel: the style sheet scales the map down to the window, so
it stays sharp on a large projector."""

NEXT_KEYS = frozenset({"ArrowRight", "ArrowDown", "PageDown", " "})
BACK_KEYS = frozenset({"ArrowLeft", "ArrowUp", "PageUp"})

STYLE = """<style>
.cjm-presentation { position: fixed; inset: 0; z-index: 10000;
  background: var(--jp-layout-color0, #fff); overflow: auto; padding: 12px 20px;
  box-sizing: border-box; }
.cjm-presentation .cjm-present-bar { align-items: center; flex-wrap: wrap; }
.cjm-presentation > * { flex-shrink: 0; }
.cjm-presentation .cjm-present-stage .widget-html-content { line-height: 1.3;
  font-size: 26px; font-weight: bold; }
.cjm-presentation .cjm-present-hint { color: var(--jp-ui-font-color2, #5C5C5C);
  font-size: 15px; font-weight: normal; }
.cjm-presentation .cjm-map canvas:focus { outline: none; }
.cjm-presentation .cjm-map .widget-box { overflow: visible; }
.cjm-presentation .cjm-map canvas { width: auto !important; height: auto !important;
  max-width: 100% !important; max-height: calc(100vh - 100px) !important;
  min-width: 0 !important; }
</style>"""


def presentation_theme(theme: Theme) -> Theme:
    """``theme`` with type and marks about one and a half times as large, for a far wall."""
    return replace(
        theme,
        column_width=theme.column_width * 1.6,
        label_width=theme.label_width * 1.3,
        text_size=theme.text_size * 1.6,
        small_size=theme.small_size * 1.6,
        heading_size=theme.heading_size * 1.6,
        title_size=theme.title_size * 1.5,
        emotion_band=theme.emotion_band * 1.5,
        chip_radius=theme.chip_radius * 1.5,
    )


def presentation_options(options: MapOptions) -> MapOptions:
    """``options`` cut to the presented lanes, with the large theme."""
    lanes = tuple(lane for lane in options.map_lanes() if lane.key in PRESENTED_LANES)
    return replace(options, lanes=lanes, theme=presentation_theme(options.theme))


def journey_stages(ws: Workshop, persona: str | None) -> list[Stage]:
    """The stages the persona's journey of today passes through, in order."""
    used = {tp.stage for tp in ws.journey(persona, state="current")}
    return [stage for stage in ws.stages if stage.id in used]


class PresentationView(widgets.VBox):  # type: ignore[misc]
    """One persona's journey, stage by stage, filling the browser window.

    ``stage`` is the index of the stage shown among ``stages``; ``on_exit`` is called
    when the presenter ends (the Esc key or the button).
    """

    stage = Int(0)

    def __init__(
        self,
        workshop: Workshop,
        persona: str | None = None,
        *,
        lang: str | None = None,
        options: MapOptions | None = None,
        on_exit: Callable[[], None] | None = None,
    ) -> None:
        self.lang = lang or workshop.language
        self._workshop = workshop
        self.persona = persona
        self.on_exit = on_exit
        self.options = presentation_options((options or MapOptions()).in_language(self.lang))
        self.stages: list[Stage] = journey_stages(workshop, persona)
        self.heading = widgets.HTML(layout=widgets.Layout(height="auto", flex="1 1 auto"))
        self.heading.add_class("cjm-present-stage")
        self.back_button = widgets.Button(description=self.t("present.back"), icon="arrow-left")
        self.next_button = widgets.Button(description=self.t("present.next"), icon="arrow-right")
        self.exit_button = widgets.Button(description=self.t("present.exit"), icon="times")
        self.back_button.on_click(lambda _: self.back())
        self.next_button.on_click(lambda _: self.next())
        self.exit_button.on_click(lambda _: self.exit())
        bar = widgets.HBox([self.heading, self.back_button, self.next_button, self.exit_button])
        bar.add_class("cjm-present-bar")
        self.map = JourneyMapView(workshop, persona, lang=self.lang, options=self.options)
        self.map.children[1].layout.display = "none"  # no zoom buttons: the style fits it
        self.map.zoom = SHARPNESS
        self.map.canvas.on_key_down(self._on_key)
        super().__init__([widgets.HTML(STYLE), bar, self.map])
        self.add_class("cjm-presentation")
        self.observe(lambda _: self._draw(), names="stage")
        self._draw()

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    @property
    def workshop(self) -> Workshop:
        return self._workshop

    @workshop.setter
    def workshop(self, value: Workshop) -> None:
        self._workshop = value
        self.refresh()

    def refresh(self) -> None:
        """Take up the workshop's current content (after an edit or a reload) and redraw."""
        self.stages = journey_stages(self._workshop, self.persona)
        last = max(len(self.stages) - 1, 0)
        if self.stage > last:
            self.stage = last  # redraws through the observer
        else:
            self._draw()

    def _draw(self) -> None:
        count = len(self.stages)
        if count:
            name = self.stages[self.stage].name
            text = self.t("present.stage", number=self.stage + 1, count=count, name=name)
        else:
            text = self.t("present.no_stages")
        self.heading.value = (
            f"<div>{html.escape(text)}</div>"
            f'<div class="cjm-present-hint">{html.escape(self.t("present.hint"))}</div>'
        )
        self.back_button.disabled = self.stage <= 0
        self.next_button.disabled = self.stage >= count - 1
        self.map.persona = self.persona
        self.map.stages = [self.stages[self.stage].id] if count else None
        self.map.workshop = self._workshop  # lays out and sends one batch

    def next(self) -> None:
        if self.stage < len(self.stages) - 1:
            self.stage += 1

    def back(self) -> None:
        if self.stage > 0:
            self.stage -= 1

    def exit(self) -> None:
        if self.on_exit is not None:
            self.on_exit()

    def _on_key(self, key: str, shift: bool, ctrl: bool, meta: bool) -> None:
        if key in NEXT_KEYS:
            self.next()
        elif key in BACK_KEYS:
            self.back()
        elif key == "Home":
            self.stage = 0
        elif key == "End":
            self.stage = max(len(self.stages) - 1, 0)
        elif key == "Escape":
            self.exit()
