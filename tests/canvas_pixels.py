"""The live canvas's drawing commands painted into pixels, as a browser paints them.

The ipycanvas messages a view sent (through a recording comm) are replayed onto a
Pillow image: state (styles, scale, save and restore), paths, rectangles and circles
one by one and vectorised, text in the map's own font, clearing, and clipping to a
rectangle. Curves, rounded corners and dashes are drawn plainly (straight pieces, no
dashes), the same way in every drawing, so two command streams that give a browser
the same picture give the same pixels here, and a stale or missing area shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
from ipycanvas.canvas import COMMANDS, Canvas
from PIL import Image, ImageDraw, ImageFont

from cjm_widgets.fonts import font_path

NAMES = {code: name for name, code in COMMANDS.items()}
ATTRS = {index: name for name, index in Canvas.ATTRS.items()}
Clip = tuple[int, int, int, int]


@cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size=max(1, round(size)))


def _colour(value: str) -> tuple[int, int, int, int]:
    if value.startswith("rgba("):  # the drag's see-through ghost
        red, green, blue, alpha = value[5:-1].split(",")
        return int(red), int(green), int(blue), round(float(alpha) * 255)
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), 255


@dataclass
class State:
    scale: tuple[float, float] = (1.0, 1.0)
    fill_style: str = "#000000"
    stroke_style: str = "#000000"
    line_width: float = 1.0
    font: str = "10px sans-serif"
    text_align: str = "start"
    text_baseline: str = "alphabetic"
    clip: Clip | None = None


@dataclass
class Raster:
    """One canvas's pixels, painted command by command."""

    width: int
    height: int
    image: Image.Image = field(init=False)
    state: State = field(default_factory=State)
    stack: list[State] = field(default_factory=list)
    path: list[list[tuple[float, float]]] = field(default_factory=list)
    scratch: Image.Image | None = None
    """While a clip is set: a copy to paint on, whose clip rectangle goes to the image."""

    def __post_init__(self) -> None:
        self.image = Image.new("RGBA", (self.width, self.height), (0, 0, 0, 0))

    # -- where to paint: the whole image, or the clip rectangle of it ------------------

    def _paint(self, action: Any) -> None:
        clip = self.state.clip
        if clip is None:
            action(ImageDraw.Draw(self.image), 0, 0)
            return
        left, top, right, bottom = clip
        if right <= left or bottom <= top or self.scratch is None:
            return
        action(ImageDraw.Draw(self.scratch), 0, 0)  # where the whole drawing would paint
        self.image.paste(self.scratch.crop(clip), (left, top))

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        sx, sy = self.state.scale
        return x * sx, y * sy

    def _width(self) -> int:
        return max(1, round(self.state.line_width * self.state.scale[0]))

    # -- commands ---------------------------------------------------------------------------

    def run(self, name: str, args: list[Any], buffers: list[bytes]) -> None:
        method = "_" + re.sub("([A-Z])", lambda upper: "_" + upper.group(1).lower(), name)
        getattr(self, method)(*[_value(arg, buffers) for arg in args])

    def _set(self, attr: int, value: Any) -> None:
        name = ATTRS[attr]
        if hasattr(self.state, name):
            setattr(self.state, name, value)

    def _save(self) -> None:
        self.stack.append(replace(self.state))

    def _restore(self) -> None:
        self.state = self.stack.pop()

    def _scale(self, x: float, y: float | None = None) -> None:
        sx, sy = self.state.scale
        self.state.scale = (sx * x, sy * (x if y is None else y))

    def _clear(self) -> None:
        self.image.paste((0, 0, 0, 0), (0, 0, self.width, self.height))

    def _clear_rect(self, x: float, y: float, w: float, h: float | None = None) -> None:
        (x0, y0), (x1, y1) = self._xy(x, y), self._xy(x + w, y + (w if h is None else h))
        box = [round(x0), round(y0), round(x1), round(y1)]
        clip = self.state.clip
        if clip is not None:
            box = [max(box[0], clip[0]), max(box[1], clip[1]),
                   min(box[2], clip[2]), min(box[3], clip[3])]  # fmt: skip
        if box[2] > box[0] and box[3] > box[1]:
            self.image.paste((0, 0, 0, 0), tuple(box))
            if self.scratch is not None:
                self.scratch.paste((0, 0, 0, 0), tuple(box))

    def _set_line_dash(self, dash: Any) -> None:
        """Dashes are drawn solid, in every drawing alike."""

    def _begin_path(self) -> None:
        self.path = []

    def _move_to(self, x: float, y: float) -> None:
        self.path.append([self._xy(x, y)])

    def _line_to(self, x: float, y: float) -> None:
        if not self.path:
            self.path.append([])
        self.path[-1].append(self._xy(x, y))

    def _arc_to(self, x1: float, y1: float, x2: float, y2: float, radius: float) -> None:
        self._line_to(x1, y1)  # a square corner

    def _bezier_curve_to(self, *points: float) -> None:
        start = self.path[-1][-1]
        c1, c2, end = (self._xy(*points[i : i + 2]) for i in (0, 2, 4))
        for step in range(1, 9):
            t = step / 8
            u = 1 - t
            self.path[-1].append(
                tuple(  # type: ignore[arg-type]
                    u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
                    for a, b, c, d in zip(start, c1, c2, end, strict=True)
                )
            )

    def _rect(self, x: float, y: float, w: float, h: float) -> None:
        self.path.append([self._xy(x, y), self._xy(x + w, y), self._xy(x + w, y + h),
                          self._xy(x, y + h), self._xy(x, y)])  # fmt: skip

    def _close_path(self) -> None:
        if self.path and self.path[-1]:
            self.path[-1].append(self.path[-1][0])

    def _clip(self) -> None:
        points = [point for part in self.path for point in part]
        box = (
            round(min(x for x, _ in points)), round(min(y for _, y in points)),
            round(max(x for x, _ in points)), round(max(y for _, y in points)),
        )  # fmt: skip
        if self.state.clip is not None:
            old = self.state.clip
            box = (max(box[0], old[0]), max(box[1], old[1]),
                   min(box[2], old[2]), min(box[3], old[3]))  # fmt: skip
        self.state.clip = box
        self.scratch = self.image.copy()

    def _fill(self, rule: str = "nonzero") -> None:
        colour = _colour(self.state.fill_style)
        for part in self.path:
            if len(part) > 2:
                self._paint(lambda d, ox, oy, p=part: d.polygon(_moved(p, ox, oy), fill=colour))

    def _stroke(self) -> None:
        colour, width = _colour(self.state.stroke_style), self._width()
        for part in self.path:
            if len(part) > 1:
                self._paint(
                    lambda d, ox, oy, p=part: d.line(_moved(p, ox, oy), fill=colour, width=width)
                )

    def _fill_circle(self, x: float, y: float, r: float) -> None:
        self._circle(x, y, r, fill=_colour(self.state.fill_style))

    def _stroke_circle(self, x: float, y: float, r: float) -> None:
        self._circle(x, y, r, outline=_colour(self.state.stroke_style), width=self._width())

    def _circle(self, x: float, y: float, r: float, **style: Any) -> None:
        (cx, cy), radius = self._xy(x, y), r * self.state.scale[0]
        self._paint(
            lambda d, ox, oy: d.ellipse(
                [cx - radius - ox, cy - radius - oy, cx + radius - ox, cy + radius - oy], **style
            )
        )

    def _fill_polygon(self, points: Any) -> None:
        self.path = [[self._xy(x, y) for x, y in np.asarray(points).reshape(-1, 2)]]
        self._fill()

    def _stroke_polygon(self, points: Any) -> None:
        self.path = [[self._xy(x, y) for x, y in np.asarray(points).reshape(-1, 2)]]
        self._close_path()
        self._stroke()

    def _stroke_line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.path = [[self._xy(x1, y1), self._xy(x2, y2)]]
        self._stroke()

    def _fill_rect(self, x: float, y: float, w: float, h: float) -> None:
        (x0, y0), (x1, y1), fill = self._xy(x, y), self._xy(x + w, y + h), self.state.fill_style
        self._paint(
            lambda d, ox, oy: d.rectangle([x0 - ox, y0 - oy, x1 - ox, y1 - oy], fill=_colour(fill))
        )

    def _fill_styled_rects(
        self, x: Any, y: Any, w: Any, h: Any, colour: Any, alpha: Any = 1
    ) -> None:
        xs, ys, ws, hs = np.broadcast_arrays(*(np.atleast_1d(v) for v in (x, y, w, h)))
        colours = np.asarray(colour).reshape(-1, 3)
        for i in range(len(xs)):
            fill = (*(int(c) for c in colours[i]), 255)
            (x0, y0), (x1, y1) = self._xy(xs[i], ys[i]), self._xy(xs[i] + ws[i], ys[i] + hs[i])
            self._paint(
                lambda d, ox, oy, a=(x0, y0, x1, y1), f=fill: d.rectangle(
                    [a[0] - ox, a[1] - oy, a[2] - ox, a[3] - oy], fill=f
                )
            )

    def _fill_styled_circles(self, x: Any, y: Any, r: Any, colour: Any, alpha: Any = 1) -> None:
        xs, ys, rs = np.broadcast_arrays(*(np.atleast_1d(v) for v in (x, y, r)))
        colours = np.asarray(colour).reshape(-1, 3)
        for i in range(len(xs)):
            self._circle(xs[i], ys[i], rs[i], fill=(*(int(c) for c in colours[i]), 255))

    def _fill_text(self, text: str, x: float, y: float, max_width: float | None = None) -> None:
        words = self.state.font.split()
        bold = words[0] == "bold"
        size = float(words[1 if bold else 0].removesuffix("px")) * self.state.scale[1]
        horizontal = {"left": "l", "start": "l", "center": "m", "right": "r", "end": "r"}
        anchor = horizontal[self.state.text_align] + "s"
        px, py = self._xy(x, y)
        colour = _colour(self.state.fill_style)
        self._paint(
            lambda d, ox, oy: d.text(
                (px - ox, py - oy), text, fill=colour, font=_font(size, bold), anchor=anchor
            )
        )


def _moved(points: list[tuple[float, float]], ox: int, oy: int) -> list[tuple[float, float]]:
    return [(x - ox, y - oy) for x, y in points]


def _value(arg: Any, buffers: list[bytes]) -> Any:
    if isinstance(arg, dict) and "idx" in arg:
        return np.frombuffer(buffers[arg["idx"]], dtype=arg["dtype"]).reshape(arg["shape"])
    return arg


def paint(messages: list[tuple[Any, list[Any]]], canvas_id: str, width: int, height: int) -> Any:
    """The pixels of the canvas ``canvas_id`` after every drawing message sent, in order,
    as an array (height, width, RGBA)."""
    raster = Raster(width, height)
    current = None
    for data, buffers in messages:
        if data.get("method") != "custom":
            continue
        commands = json.loads(bytes(buffers[0]))
        if not isinstance(commands[0], list):
            commands = [commands]
        rest = [bytes(buffer) for buffer in buffers[1:]]
        for command in commands:
            name = NAMES[command[0]]
            if name == "switchCanvas":
                current = command[1][0].removeprefix("IPY_MODEL_")
                continue
            count = command[2] if len(command) > 2 else 0
            own, rest = rest[:count], rest[count:]
            if current == canvas_id:
                raster.run(name, command[1], own)
    return np.asarray(raster.image)
