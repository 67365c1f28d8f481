"""What every picture of a journey map shares: its lanes, its theme, its language.

One options object flows through the app, the canvas view, the SVG and PNG exports
and the report sections, so a lane added once (by a plugin, or in code) shows in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..plugin_hook import registered
from .theme import Theme

if TYPE_CHECKING:
    from .lane_base import Lane


def _in_map_order(lanes: dict[str, Lane]) -> list[Lane]:
    return [lanes[name] for name in sorted(lanes, key=lambda name: (lanes[name].order, name))]


def registered_lanes() -> list[Lane]:
    """Every registered lane: the kit's own, plugins' and notebooks', in map order (each
    lane's ``order``; the kit's own are 10, 20, ... 110)."""
    return _in_map_order(registered().loaded("lanes"))


def default_lanes() -> list[Lane]:
    """The kit's own lanes, top to bottom, without any plugin's (see ``MapOptions``)."""
    return _in_map_order(registered().builtins("lanes"))


@dataclass(frozen=True)
class MapOptions:
    """``lanes`` None means every registered lane; ``lang`` None the workshop's language."""

    lanes: tuple[Lane, ...] | None = None
    theme: Theme = field(default_factory=Theme)
    lang: str | None = None

    def map_lanes(self) -> list[Lane]:
        """The lanes to draw, top to bottom."""
        return list(self.lanes) if self.lanes is not None else registered_lanes()

    def adding(self, *lanes: Lane) -> MapOptions:
        """These options with ``lanes`` added, each placed by its ``order``."""
        chosen = [*self.map_lanes(), *lanes]
        chosen.sort(key=lambda lane: lane.order)
        return replace(self, lanes=tuple(chosen))

    def in_language(self, lang: str | None) -> MapOptions:
        return self if lang is None else replace(self, lang=lang)
