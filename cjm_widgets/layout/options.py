"""What every picture of a journey map shares: its lanes, its theme, its language.

One options object flows through the app, the canvas view, the SVG and PNG exports
and the report sections, so a lane added once (by a plugin, or in code) shows in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .theme import Theme

if TYPE_CHECKING:
    from .lane_base import Lane


def registered_lanes() -> list[Lane]:
    """Every lane of the ``cjm_widgets.lanes`` entry points, the kit's own included, in
    map order (each lane's ``order``; the kit's own are 10, 20, ... 110)."""
    from ..plugins import registry

    lanes = registry().loaded("lanes")
    return [lanes[name] for name in sorted(lanes, key=lambda name: (lanes[name].order, name))]


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
