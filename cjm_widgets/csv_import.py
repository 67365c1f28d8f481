"""Touchpoints typed into a spreadsheet, as a facilitator transcribes sticky notes.

One row per touchpoint in journey order. Only ``stage``, ``channel`` and
``touchpoint`` are required; personas, stages and channels are matched by name
(ignoring case) or created in order of first appearance; several pain points,
back-office processes or event-log signals in one cell are separated by ``;``. A
row's ``segment`` is its persona's segment in the event log, set when the persona has
none. Every bad row and column is reported at once, with its spreadsheet row number,
and nothing is changed then.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .errors import Problem, StoreError, WorkshopError
from .formula_guard import unguard_formula
from .frames.schema import STICKY_NOTES, NoteColumn, put_field
from .i18n import SOURCE_LANGUAGE, translate
from .ids import ID_PREFIXES, new_id
from .limits import MAX_CSV_FIELD, control_character_code, normalise_newlines
from .model import ChannelKind, Touchpoint, Workshop
from .store import attach, document_of, read_file

W = TypeVar("W", bound=Workshop)

COLUMNS = tuple(column.header for column in STICKY_NOTES)
REQUIRED = tuple(column.header for column in STICKY_NOTES if column.required)
_OWN_FIELDS = tuple(
    column for column in STICKY_NOTES if column.field.split(".")[0] in Touchpoint.model_fields
)
"""The columns that fill the touchpoint's own fields; the others name linked items."""
ITEM_SEPARATOR = ";"

# Words that reveal a channel's kind, checked in this order (digital before physical,
# so "e-mail" is not taken for postal mail). A guess only: step 3 of the app fixes it.
_CHANNEL_HINTS: tuple[tuple[ChannelKind, tuple[str, ...]], ...] = (
    (
        "digital",
        (
            "e-mail",
            "email",
            "web",
            "app",
            "sms",
            "push",
            "online",
            "portal",
            "chatbot",
            "sähköposti",
            "verkko",
            "sovellus",
            "e-post",
            "nett",
            "hjemmeside",
            "webb",
        ),
    ),
    (
        "human",
        (
            "phone",
            "call",
            "chat",
            "agent",
            "service desk",
            "customer service",
            "visit",
            "meeting",
            "puhelin",
            "asiakaspalvelu",
            "telefon",
            "kundtjänst",
            "kundeservice",
            "kundservice",
            "besøk",
            "besök",
        ),
    ),
    (
        "physical",
        (
            "letter",
            "mail",
            "post",
            "paper",
            "store",
            "shop",
            "branch",
            "office",
            "kirje",
            "paperi",
            "myymälä",
            "brev",
            "butik",
            "butikk",
            "konttori",
            "kontor",
        ),
    ),
)


def guess_channel_kind(name: str) -> ChannelKind:
    """The likely kind of a channel from words in its name; digital when nothing matches."""
    lowered = name.casefold()
    for kind, words in _CHANNEL_HINTS:
        if any(word in lowered for word in words):
            return kind
    return "digital"


def _normal_header(name: str) -> str:
    return "_".join(name.strip().casefold().replace("-", " ").split())


def _decode(raw: bytes, path: Path, lang: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = translate("csv.not_utf8", lang, path=path, position=error.start)
        raise StoreError(message, path, lang=lang) from None


def _delimiter(text: str) -> str:
    """The separator the header line uses: comma, semicolon (Nordic Excel) or tab."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count)


@dataclass
class _Import:
    """The workshop document being extended, and the problems found so far."""

    document: dict[str, Any]
    language: str
    problems: list[Problem] = field(default_factory=list)
    taken: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in ("personas", "stages", "channels", "touchpoints", "pain_points"):
            self.taken[kind] = {item["id"] for item in self.document[kind]}
        # the workshop language's words, and the English ones
        english = SOURCE_LANGUAGE
        yes = translate("csv.yes_words", self.language) + "," + translate("csv.yes_words", english)
        no = translate("csv.no_words", self.language) + "," + translate("csv.no_words", english)
        self.yes_words = {word.strip().casefold() for word in yes.split(",")}
        self.no_words = {word.strip().casefold() for word in no.split(",")}

    def problem(self, row: int, column: str, message: str) -> None:
        where = (
            translate("csv.where", self.language, row=row, column=column)
            if column
            else translate("csv.where_row", self.language, row=row)
        )
        self.problems.append(Problem(where, message))

    def new_id(self, kind: str, name: str) -> str:
        new = new_id(ID_PREFIXES[kind], name, self.taken[kind])
        self.taken[kind].add(new)
        return new

    def find_or_create(self, kind: str, name: str, extra: dict[str, Any]) -> str:
        """The id of the ``kind`` item called ``name``, created at the end if new."""
        wanted = name.casefold()
        for item in self.document[kind]:
            if item["name"].casefold() == wanted:
                return str(item["id"])
        new = {"id": self.new_id(kind, name), "name": name, **extra}
        self.document[kind].append(new)
        return str(new["id"])

    def set_segment(self, row: int, persona_id: str | None, segment: str) -> None:
        """Give the row's persona its event-log segment, unless it already has another."""
        if not segment:
            return
        if persona_id is None:
            self.problem(row, "segment", translate("csv.segment_without_persona", self.language))
            return
        persona = next(p for p in self.document["personas"] if p["id"] == persona_id)
        existing = str(persona.get("segment") or "").strip()
        if not existing:
            persona["segment"] = segment
        elif existing.casefold() != segment.casefold():  # the log's segment ignores case
            message = translate(
                "csv.segment_conflict",
                self.language,
                persona=persona["name"],
                existing=existing,
                value=segment,
            )
            self.problem(row, "segment", message)

    def value(self, row: int, column: NoteColumn, text: str) -> Any:
        """A cell of one of the touchpoint's own columns as the field's value."""
        if column.kind == "items":
            return _items(text)
        if column.kind == "score":
            return self.score(row, column.header, text)
        if column.kind == "yes_no":
            return self.yes_no(row, column.header, text)
        return text

    def score(self, row: int, column: str, text: str) -> int | None:
        if not text:
            return None
        try:
            score = int(text)
        except ValueError:
            score = 0
        if not 1 <= score <= 5:
            self.problem(row, column, translate("csv.bad_emotion", self.language, value=text))
            return None
        return score

    def yes_no(self, row: int, column: str, text: str) -> bool:
        word = text.casefold()
        if word in self.yes_words:
            return True
        if not word or word in self.no_words:
            return False
        self.problem(
            row, column, translate("csv.bad_yes_no", self.language, value=text, yes="yes", no="no")
        )
        return False

    def add_pain_points(self, touchpoint_id: str, texts: list[str]) -> None:
        for text in texts:
            wanted = text.casefold()
            existing = next(
                (
                    pain
                    for pain in self.document["pain_points"]
                    if pain["text"].casefold() == wanted
                ),
                None,
            )
            if existing is None:
                existing = {
                    "id": self.new_id("pain_points", text),
                    "touchpoints": [],
                    "text": text,
                    "source": "workshop",
                }
                self.document["pain_points"].append(existing)
            if touchpoint_id not in existing["touchpoints"]:
                existing["touchpoints"].append(touchpoint_id)


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(ITEM_SEPARATOR) if item.strip()]


def _rows(reader: Iterator[list[str]], state: _Import) -> Iterator[list[str]]:
    """The reader's rows; a cell over the size limit or a broken quote becomes a problem
    at its spreadsheet row number."""
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error):
                message = translate("csv.cell_too_long", state.language, limit=MAX_CSV_FIELD)
            else:
                message = translate("csv.broken", state.language, reason=error)
            state.problem(row + 1, "", message)
            return
        row += 1
        yield cells


def _cell(text: str, row: int, column: str, state: _Import) -> str:
    """A cell as the workshop keeps it: an export's formula guard removed, control
    characters reported by row and column."""
    text = normalise_newlines(unguard_formula(text.strip()))
    code = control_character_code(text)
    if code is not None:
        state.problem(row, column, translate("error.control_character", state.language, code=code))
    return text


def _records(text: str, state: _Import) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, cells by column) for each non-empty data row."""
    reader = _rows(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), state)
    header = next(reader, None)
    if header is None:
        if not state.problems:
            state.problems.append(Problem("", translate("csv.empty", state.language)))
        return
    columns = [_normal_header(name) for name in header]
    for position, column in enumerate(columns, start=1):
        if column not in COLUMNS:
            state.problem(
                1,
                header[position - 1].strip() or str(position),
                translate("csv.unknown_column", state.language, choices=", ".join(COLUMNS)),
            )
        elif columns.index(column) != position - 1:
            state.problem(1, column, translate("csv.duplicate_column", state.language))
    for column in REQUIRED:
        if column not in columns:
            state.problem(1, column, translate("csv.missing_column", state.language))
    if state.problems:
        return
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
            state.problem(
                row_number,
                str(len(columns) + 1),
                translate("csv.extra_cells", state.language, count=len(columns)),
            )
            continue
        padded = cells + [""] * (len(columns) - len(cells))
        yield (
            row_number,
            {
                column: _cell(padded[i], row_number, column, state)
                for i, column in enumerate(columns)
            },
        )


def import_touchpoints_csv(ws: W, path: str | Path) -> W:
    """A copy of ``ws`` with the CSV's touchpoints appended; ``ws`` itself is unchanged."""
    source = Path(path)
    raw = read_file(source, missing="csv.not_found")
    state = _Import(ws.to_dict(), ws.language)
    next_order: dict[str, int] = {}
    for tp in state.document["touchpoints"]:
        next_order[tp["stage"]] = max(next_order.get(tp["stage"], 0), tp["order"] + 1)
    for row, cells in _records(_decode(raw, source, ws.language), state):
        missing = [column for column in REQUIRED if not cells[column]]
        for column in missing:
            state.problem(row, column, translate("csv.required", state.language))
        if missing:
            continue
        persona = cells.get("persona", "")
        persona_id = state.find_or_create("personas", persona, {}) if persona else None
        state.set_segment(row, persona_id, cells.get("segment", ""))
        stage_id = state.find_or_create("stages", cells["stage"], {})
        channel_id = state.find_or_create(
            "channels", cells["channel"], {"kind": guess_channel_kind(cells["channel"])}
        )
        touchpoint_id = state.new_id("touchpoints", cells["touchpoint"])
        order = next_order.get(stage_id, 0)
        next_order[stage_id] = order + 1
        touchpoint: dict[str, Any] = {
            "id": touchpoint_id,
            "persona": persona_id,
            "stage": stage_id,
            "channel": channel_id,
            "order": order,
        }
        for note in _OWN_FIELDS:
            put_field(touchpoint, note.field, state.value(row, note, cells.get(note.header, "")))
        state.document["touchpoints"].append(touchpoint)
        state.add_pain_points(touchpoint_id, _items(cells.get("pain_points", "")))
    if state.problems:
        raise WorkshopError(state.problems, source=str(source), lang=ws.language)
    imported = type(ws).from_dict(state.document, source=str(source))
    attach(imported, document_of(ws))  # saving the import saves over the original's file
    return imported
