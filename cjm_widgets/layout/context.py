"""What every lane of one journey map reads: its columns, stages, indexes and theme.

Built once per layout by ``layout_journey`` and handed to each lane, so lanes import
this module and the journey module imports both: imports run in one direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..i18n import translate
from ..model import Idea, JourneyState, Metric, PainPoint, Stage, Touchpoint, Workshop
from .blocks import emotion_text
from .theme import CHANNEL_COLOURS, Theme


@dataclass(frozen=True)
class Column:
    """One touchpoint's column (or an empty stage's placeholder column)."""

    x: float
    w: float
    stage: Stage
    touchpoint: Touchpoint | None

    @property
    def center(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True)
class StageSpan:
    """The columns one stage covers."""

    stage: Stage
    x: float
    w: float


@dataclass
class Lookups:
    """Per-touchpoint indexes of pain points, ideas and metrics, built once per layout."""

    ws: Workshop

    @cached_property
    def pains(self) -> dict[str, list[PainPoint]]:
        found: dict[str, list[PainPoint]] = {}
        for pain in self.ws.pain_points:
            for tp_id in pain.touchpoints:
                found.setdefault(tp_id, []).append(pain)
        return found

    @cached_property
    def ideas(self) -> dict[str, list[Idea]]:
        by_pain: dict[str, list[Idea]] = {}
        for idea in self.ws.ideas:
            for pain_id in idea.pain_points:
                by_pain.setdefault(pain_id, []).append(idea)
        found: dict[str, list[Idea]] = {}
        for tp_id, pains in self.pains.items():
            seen: dict[str, Idea] = {}
            for pain in pains:
                for idea in by_pain.get(pain.id, []):
                    seen.setdefault(idea.id, idea)
            if seen:
                found[tp_id] = list(seen.values())
        return found

    @cached_property
    def metrics(self) -> dict[str, list[Metric]]:
        found: dict[str, list[Metric]] = {}
        for metric in self.ws.metrics:
            if metric.touchpoint:
                found.setdefault(metric.touchpoint, []).append(metric)
        return found


@dataclass
class MapContext:
    """Everything a lane needs: the columns, the lookups, the theme and the language."""

    ws: Workshop
    persona: str | None
    state: JourneyState
    theme: Theme
    lang: str
    columns: list[Column]
    spans: list[StageSpan]
    lookups: Lookups
    cache: dict[Any, Any] = field(default_factory=dict)
    """Per-lane measurements, keyed by the lane object: two lanes may share a key."""

    def __post_init__(self) -> None:
        self._colours = channel_colours(self.ws)
        self._channels = self.ws.by_id("channels")
        self._stages = self.ws.by_id("stages")
        self._said: dict[tuple[Any, ...], str] = {}
        self._tooltips: dict[str, str] = {}

    def say(self, key: str, **params: Any) -> str:
        """``translate(key, lang, **params)``, once per map for each key and parameters: a
        map repeats the same few phrases (a stage and channel, a score) for every column."""
        memo = (key, *params.items(), *map(type, params.values()))  # 1 and 1.0 apart
        text = self._said.get(memo)
        if text is None:
            text = self._said[memo] = translate(key, self.lang, **params)
        return text

    def narrowed(self, columns: list[Column]) -> MapContext:
        """This context for ``columns`` alone (with its own lane caches, sharing the rest):
        what a column-local lane draws there is what it draws there on the whole map."""
        narrow = object.__new__(MapContext)
        narrow.__dict__.update(self.__dict__)
        narrow.columns, narrow.cache = columns, {}
        return narrow

    def keep_tooltips(self, made: dict[str, str], changed: set[str]) -> None:
        """Take up the tooltips an earlier layout of the same map made, but those of the
        ``changed`` touchpoints: a tooltip shows only what the live map compares."""
        self._tooltips.update((key, text) for key, text in made.items() if key not in changed)

    def tooltips_made(self) -> dict[str, str]:
        return self._tooltips

    @property
    def content_left(self) -> float:
        return self.theme.margin + self.theme.label_width

    @property
    def content_right(self) -> float:
        return self.columns[-1].x + self.columns[-1].w if self.columns else self.content_left

    @property
    def pains(self) -> dict[str, Any]:
        return self.lookups.pains

    @property
    def ideas(self) -> dict[str, Any]:
        return self.lookups.ideas

    @property
    def metrics(self) -> dict[str, Any]:
        return self.lookups.metrics

    def channel_colour(self, channel_id: str) -> str:
        return self._colours.get(channel_id, self.theme.muted)

    def channel_name(self, channel_id: str) -> str:
        channel = self._channels.get(channel_id)
        return channel.name if channel else channel_id

    def metric_colour(self, metric: Metric) -> str | None:
        """Green when the actual meets the target, orange when it falls short, none if unknown."""
        if metric.actual is None or metric.target is None:
            return None
        met = (
            metric.actual >= metric.target
            if metric.better == "higher"
            else metric.actual <= metric.target
        )
        return "#009E73" if met else "#E69F00"

    def tooltip(self, tp: Touchpoint) -> str:
        """The hover text of a touchpoint: what the room wants to know at a glance."""
        known = self._tooltips.get(tp.id)
        if known is not None:
            return known
        stage = self._stages.get(tp.stage)
        parts = [
            tp.title,
            self.say(
                "map.tooltip.where",
                stage=stage.name if stage else tp.stage,
                channel=self.channel_name(tp.channel),
            ),
        ]
        if tp.emotion is not None:
            parts.append(self._emotion_text(tp.emotion, tp.feeling))
        if tp.moment_of_truth:
            parts.append(self.say("map.legend.moment_of_truth"))
        pains = len(self.pains.get(tp.id, []))
        if pains:
            parts.append(self.say("map.tooltip.pains", count=pains))
        text = self._tooltips[tp.id] = "\n".join(parts)
        return text

    def _emotion_text(self, score: int, feeling: str) -> str:
        memo = ("emotion-text", score, feeling)
        text = self._said.get(memo)
        if text is None:
            text = self._said[memo] = emotion_text(score, feeling, self.lang)
        return text


def channel_colours(ws: Workshop) -> dict[str, str]:
    """A colour per channel in list order, from the colour-blind-safe palette."""
    return {
        channel.id: CHANNEL_COLOURS[index % len(CHANNEL_COLOURS)]
        for index, channel in enumerate(ws.channels)
    }
