"""What ``cjm export --to NAME`` can write: the kit's own formats, and any a plugin adds.

An exporter is a small object registered by name: the kit's own formats in code, a
package's in the ``cjm_widgets.exporters`` entry point group, a notebook's with
``cjm_widgets.register("exporters", NAME, ...)``. It names the files it will write
before writing them, so the command can refuse to replace the workshop or an existing
file, and it writes through the store's atomic writer.
"""

from __future__ import annotations

import json
import warnings
import weakref
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CjmError, WorkshopError
from .i18n import translate
from .layout.options import MapOptions
from .model import Workshop
from .model.privacy import for_sharing
from .plugin_hook import registered
from .store import stem_of, write_file

if TYPE_CHECKING:
    from .render.pages import Pictures


@dataclass(frozen=True)
class ExportRequest:
    """One export: the workshop (with the file it came from), what to draw, and how."""

    workshop: Workshop | None
    source: Path | None
    persona: str | None = None
    view: str = "map"
    page: str = "screen"
    zoom: float = 1.0
    options: MapOptions = field(default_factory=MapOptions)
    pages: str | None = None
    """Which pages of a map too large for one picture (``3``, ``3-8``); None: from the first."""

    @property
    def ws(self) -> Workshop:
        """The workshop to export (exporters with ``needs_workshop`` always get one)."""
        if self.workshop is None:
            raise CjmError(translate("cli.export_needs_path", format="?"))
        return self.workshop

    @property
    def stem(self) -> str:
        return stem_of(self.source) if self.source is not None else "cjm"

    def beside(self, name: str) -> Path:
        """``name`` in the workshop's folder (the current folder without a workshop)."""
        return self.source.with_name(name) if self.source is not None else Path(name)


class Exporter(ABC):
    """A format ``cjm export --to NAME`` writes; subclass it and register it to add one.

    ``title`` is shown by ``cjm plugins`` (a catalog key of the kit, or plain text).
    ``suffix`` ends the default output name beside the workshop. A ``folder`` exporter
    writes several files into a folder; a ``prints`` exporter writes to the screen when
    no output is given.
    """

    title: str = ""
    suffix: str = ""
    folder: bool = False
    prints: bool = False
    needs_workshop: bool = True

    def default_output(self, request: ExportRequest) -> Path:
        return request.beside(f"{request.stem}{self.suffix}")

    def outputs(self, request: ExportRequest, out: Path) -> list[Path]:
        """Every file ``write`` will create or replace for ``out``."""
        return [out]

    def text(self, request: ExportRequest) -> str:
        """The export as text, for exporters that print (``prints``)."""
        raise NotImplementedError

    @abstractmethod
    def write(self, request: ExportRequest, out: Path) -> list[Path]:
        """Write the export to ``out``; returns the files written."""


class TextExporter(Exporter):
    """An exporter whose output is one text file (or the screen)."""

    prints = True

    def write(self, request: ExportRequest, out: Path) -> list[Path]:
        return [write_file(out, self.text(request).encode("utf-8"))]


class CsvExporter(Exporter):
    title = "export.csv"
    folder = True

    def default_output(self, request: ExportRequest) -> Path:
        return request.beside(f"{request.stem}-tables")

    def outputs(self, request: ExportRequest, out: Path) -> list[Path]:
        from .table_files import csv_paths

        return csv_paths(out)

    def write(self, request: ExportRequest, out: Path) -> list[Path]:
        from .table_files import export_csv

        return export_csv(for_sharing(request.ws), out)


class XlsxExporter(Exporter):
    title = "export.xlsx"
    suffix = ".xlsx"

    def write(self, request: ExportRequest, out: Path) -> list[Path]:
        from .table_files import export_excel

        return [export_excel(for_sharing(request.ws), out)]


class MermaidExporter(TextExporter):
    title = "export.mermaid"
    suffix = ".mmd"

    def text(self, request: ExportRequest) -> str:
        from .mermaid import workshop_to_mermaid

        return workshop_to_mermaid(request.ws, request.persona, lang=request.options.lang)


class SchemaExporter(TextExporter):
    title = "export.schema"
    suffix = ".schema.json"
    needs_workshop = False

    def text(self, request: ExportRequest) -> str:
        return json.dumps(Workshop.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


class DrawingExporter(Exporter):
    """A view of the workshop (map, matrix, emotions) as a picture, or a map too large for
    one picture as pages (``render.pages``)."""

    png = False
    """Whether the pictures are PNGs, which viewers open only up to a size."""
    _planned: tuple[weakref.ref[ExportRequest], Pictures] | None = None

    def default_output(self, request: ExportRequest) -> Path:
        parts = [request.stem, request.view, *([request.persona] if request.persona else [])]
        if request.page != "screen":
            parts.append(request.page)
        return request.beside(f"{'-'.join(parts)}{self.suffix}")

    def pictures(self, request: ExportRequest) -> Pictures:
        """What ``request`` draws, planned once for ``outputs`` and ``write``."""
        planned = self._planned
        if planned is not None and planned[0]() is request:
            return planned[1]
        from .render.pages import plan_pictures

        pictures = plan_pictures(
            request.ws, request.view, request.persona, options=request.options,
            page=request.page, zoom=request.zoom, pages=request.pages, png=self.png,
        )  # fmt: skip
        self._planned = (weakref.ref(request), pictures)
        return pictures

    def outputs(self, request: ExportRequest, out: Path) -> list[Path]:
        pictures = self.pictures(request)
        stem = str(out.with_suffix("")) if out.suffix == self.suffix else str(out)
        suffix = self.suffix if out.suffix == self.suffix else ""
        if len(pictures.pictures) == 1 and pictures.pictures[0].number == 0:
            return [out]
        return [Path(pictures.path(stem, suffix, p.number)) for p in pictures.pictures]

    def write(self, request: ExportRequest, out: Path) -> list[Path]:
        from .render.pages import PictureWarning

        pictures = self.pictures(request)
        paths = self.outputs(request, out)
        written = [
            write_file(path, self.draw(picture.layout, replace(request, zoom=picture.zoom)))
            for path, picture in zip(paths, pictures.pictures, strict=True)
        ]
        for note in pictures.notes:
            warnings.warn(PictureWarning(note), stacklevel=2)
        return written

    @abstractmethod
    def draw(self, layout: object, request: ExportRequest) -> bytes:
        """The picture's bytes, at ``request.zoom`` (a PNG too large: the zoom that fits)."""


class SvgExporter(DrawingExporter):
    title = "export.svg"
    suffix = ".svg"

    def draw(self, layout: object, request: ExportRequest) -> bytes:
        from .layout import Layout
        from .render.svg import to_svg

        assert isinstance(layout, Layout)
        return to_svg(layout, request.page).encode("utf-8")


class PngExporter(DrawingExporter):
    title = "export.png"
    suffix = ".png"
    png = True

    def draw(self, layout: object, request: ExportRequest) -> bytes:
        from .layout import Layout
        from .render.svg import to_png

        assert isinstance(layout, Layout)
        return to_png(layout, request.page, zoom=request.zoom)


class PptxExporter(Exporter):
    """A slide deck: title, personas, each map as a picture with its touchpoints as an
    editable table, curves, pain points, the matrix, actions and metrics."""

    title = "slides.export"
    suffix = ".pptx"

    def default_output(self, request: ExportRequest) -> Path:
        parts = [request.stem, *([request.persona] if request.persona else [])]
        return request.beside(f"{'-'.join(parts)}{self.suffix}")

    def write(self, request: ExportRequest, out: Path) -> list[Path]:
        from .reports.slides import deck_bytes

        ws = request.ws
        if request.persona is not None and request.persona not in ws.by_id("personas"):
            message = translate("error.reference", value=request.persona, target="personas")
            raise WorkshopError.single("persona", message)
        deck = deck_bytes(
            ws, persona=request.persona, lang=request.options.lang, options=request.options
        )
        return [write_file(out, deck)]


def exporters() -> dict[str, Exporter]:
    """Every exporter that loaded, by the name ``cjm export --to`` takes."""
    return registered().loaded("exporters")


__all__ = [
    "CsvExporter",
    "DrawingExporter",
    "ExportRequest",
    "Exporter",
    "MermaidExporter",
    "PngExporter",
    "PptxExporter",
    "SchemaExporter",
    "SvgExporter",
    "TextExporter",
    "XlsxExporter",
    "exporters",
]
