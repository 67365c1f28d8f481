"""The contract of a journey map lane: a band with a title that measures and draws itself.

A lane gets the map's context (columns, lookups, theme) and answers three questions:
is it empty, how tall must it be, and what shapes does it draw in its band. The kit's
lanes and the ones plugins add implement the same class.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ..i18n import SOURCE_LANGUAGE, catalog, translate
from .context import MapContext
from .shapes import Hotspot, Shape


@dataclass
class Drawn:
    """What a lane adds to the map."""

    shapes: list[Shape] = field(default_factory=list)
    hotspots: list[Hotspot] = field(default_factory=list)


class Lane(ABC):
    """A horizontal band of the map with a title in the label column.

    ``key`` names the lane's shapes (their role). ``title_key`` is a catalog key of the
    kit's, translated into the map's language; a plugin's lane sets ``label`` instead, a
    title shown as it is. ``order`` places the lane: the kit's own lanes are 10 (stages)
    to 110 (metrics), so 65 puts a lane just under the emotion curve; the default puts
    it last.
    """

    key: str = ""
    title_key: str = ""
    label: str = ""
    order: float = 1000.0
    column_local: bool = False
    """True when what the lane draws in a column depends only on that column's touchpoint
    (with its pain points, ideas and metrics) and the workshop's stages and channels, and
    it draws each column's shapes inside the column, column after column: the live map,
    after an edit, then redraws only the columns whose touchpoints changed. A lane that
    reads anything else (other columns, the room, measurements) keeps False."""

    def title(self, ctx: MapContext) -> str:
        if self.title_key and self.title_key in catalog(SOURCE_LANGUAGE):
            return translate(self.title_key, ctx.lang)
        return self.label or self.title_key or self.key

    def is_empty(self, ctx: MapContext) -> bool:
        """Nothing to show: the map hides the lane unless asked to keep empty lanes."""
        return False

    @abstractmethod
    def height(self, ctx: MapContext) -> float:
        """The band's height, padding included."""

    @abstractmethod
    def draw(self, ctx: MapContext, top: float, height: float) -> Drawn:
        """The lane's shapes inside the band from ``top`` down ``height`` px."""

    def columns_measured(self, ctx: MapContext) -> list[tuple[bool, float]]:
        """Per column: whether the lane shows nothing there, and the height that column
        needs (``height`` is the largest). Asked of column-local lanes only; the default
        asks each column on its own, the kit's lanes read what they measured."""
        measured = []
        for column in ctx.columns:
            alone = ctx.narrowed([column])
            measured.append((self.is_empty(alone), self.height(alone)))
        return measured
