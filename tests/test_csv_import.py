"""Sticky notes typed into a spreadsheet, imported as touchpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import StoreError, Workshop, WorkshopError
from cjm_widgets.csv_import import guess_channel_kind
from cjm_widgets.i18n import Message
from tests.messages import keys, said

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sticky-notes.csv"


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "notes.csv"
    path.write_bytes(text.encode(encoding))
    return path


def import_errors(ws: Workshop, path: Path) -> list[tuple[Any, ...]]:
    """Each problem as its place in the file (row, column) and its message (key, params)."""
    with pytest.raises(WorkshopError) as caught:
        ws.import_csv(path)
    problems = caught.value.problems
    found: list[tuple[Any, ...]] = []
    for problem in problems:
        where = problem.path
        assert isinstance(where, Message) and where.key == "csv.where", problem
        assert str(problem).startswith(f"{where}: ")  # the place is shown first
        found.append(
            (where.params["row"], str(where.params["column"]), problem.key, problem.params)
        )
    return found


@pytest.fixture
def empty() -> Workshop:
    return Workshop(title="Moving")


def test_example_file_imports_in_journey_order(empty: Workshop) -> None:
    ws = empty.import_csv(EXAMPLE)
    assert [stage.name for stage in ws.stages] == ["Moves in", "First bill"]
    assert [channel.name for channel in ws.channels] == [
        "Website",
        "E-mail",
        "Online bank",
        "Phone",
    ]
    assert [channel.kind for channel in ws.channels] == ["digital", "digital", "digital", "human"]
    assert [persona.name for persona in ws.personas] == ["Pekka"]
    assert [tp.title for tp in ws.journey()] == [
        "Reports moving date",
        "Gets the contract",
        "First e-invoice",
        "Calls about the first bill",
    ]
    contract = ws.touchpoints[1]
    assert (contract.emotion, contract.moment_of_truth, contract.feeling) == (2, True, "confused")
    assert contract.backoffice.processes == ["Contract dispatch"]
    assert contract.backoffice.department == "Sales"
    bill = ws.touchpoints[2]
    assert bill.backoffice.processes == ["Monthly billing run", "E-invoice dispatch"]
    assert contract.signals == ["contract_email_sent", "contract_pdf_opened"]
    assert bill.signals == ["einvoice_paid"]
    assert ws.personas[0].segment == "movers"
    assert empty.touchpoints == []  # the original is untouched


def test_a_pain_point_on_several_rows_is_one_pain_point(empty: Workshop) -> None:
    ws = empty.import_csv(EXAMPLE)
    texts = [pain.text for pain in ws.pain_points]
    assert texts == [
        "Form asks for a meter reading nobody knows",
        "Contract e-mail buries the price",
        "Too many attachments",
    ]
    attachments = ws.pain_points[2]
    assert [ws.by_id("touchpoints")[t].title for t in attachments.touchpoints] == [
        "Gets the contract",
        "Calls about the first bill",
    ]


def test_only_stage_channel_and_touchpoint_are_needed(tmp_path: Path, empty: Workshop) -> None:
    path = write(tmp_path, "Stage, Channel ,TOUCHPOINT\nPlan,Letter,Gets a letter\n\n,,\n")
    ws = empty.import_csv(path)
    (tp,) = ws.touchpoints
    assert (tp.title, tp.persona, tp.emotion, ws.channels[0].kind) == (
        "Gets a letter",
        None,
        None,
        "physical",
    )


def test_signals_are_split_at_semicolons_and_stripped(tmp_path: Path, empty: Workshop) -> None:
    path = write(
        tmp_path,
        "stage,channel,touchpoint,signals\n"
        'Pay,Web,Pays the bill," einvoice_paid ;  ; bill_paid_online ;"\n'
        "Pay,Web,Reads the receipt,\n",
    )
    ws = empty.import_csv(path)
    assert [tp.signals for tp in ws.touchpoints] == [["einvoice_paid", "bill_paid_online"], []]
    assert ws.to_frames()["touchpoints"]["signals"].tolist() == [
        ["einvoice_paid", "bill_paid_online"],
        [],
    ]


def test_the_segment_is_set_for_the_rows_persona(tmp_path: Path, small: Workshop) -> None:
    path = write(
        tmp_path,
        "persona,stage,channel,touchpoint,segment\n"
        "Anna,Plan,Web,Compares offers,Households\n"  # Anna had none: set
        "Ben,Plan,Web,Signs,small business\n"  # Ben is new: created with it
        "ben,Move,Web,Moves in,\n"  # an empty cell leaves it
        "Ben,Move,Web,Pays,SMALL BUSINESS\n",  # the log's segment ignores case: the same
    )
    ws = small.import_csv(path)
    assert [(p.name, p.segment) for p in ws.personas] == [
        ("Anna", "Households"),
        ("Ben", "small business"),
    ]
    assert small.personas[0].segment == ""  # the original is untouched


def test_a_persona_with_another_segment_is_reported_by_row_and_column(
    tmp_path: Path, small: Workshop
) -> None:
    small.personas[0].segment = "households"
    path = write(
        tmp_path,
        "persona,stage,channel,touchpoint,segment\n"
        "Anna,Plan,Web,Compares offers,HOUSEHOLDS\n"
        "Anna,Plan,Web,Signs,movers\n"
        "Ben,Plan,Web,Calls,small business\n"
        "Ben,Move,Web,Moves in,enterprise\n"
        ",Move,Web,Gets the keys,movers\n",
    )
    conflict = "csv.segment_conflict"
    assert import_errors(small, path) == [
        (3, "segment", conflict, {"persona": "Anna", "existing": "households", "value": "movers"}),
        (
            5,
            "segment",
            conflict,
            {"persona": "Ben", "existing": "small business", "value": "enterprise"},
        ),
        (6, "segment", "csv.segment_without_persona", {}),
    ]
    assert small.personas[0].segment == "households" and len(small.personas) == 1


def test_files_without_the_signals_and_segment_columns_still_import(
    tmp_path: Path, small: Workshop
) -> None:
    header = "persona,stage,channel,touchpoint,action,thought,emotion,feeling,moment_of_truth,pain_points,backoffice,owner"
    path = write(tmp_path, f"{header}\nAnna,Plan,Web,Compares offers,,,4,,no,,Quotes,Sales\n")
    ws = small.import_csv(path)
    assert (ws.touchpoints[-1].title, ws.touchpoints[-1].signals) == ("Compares offers", [])
    assert ws.personas[0].segment == ""


def test_existing_stages_and_channels_are_reused_by_name(tmp_path: Path, small: Workshop) -> None:
    path = write(tmp_path, "stage,channel,touchpoint\nplan,WEB,Compares offers\nPlan,Web,Signs\n")
    ws = small.import_csv(path)
    assert len(ws.stages) == len(small.stages)
    assert len(ws.channels) == len(small.channels)
    new = ws.touchpoints[2:]
    assert [(tp.stage, tp.channel, tp.order) for tp in new] == [
        ("st-1", "ch-web", 1),
        ("st-1", "ch-web", 2),
    ]


def test_semicolon_separated_file_from_nordic_excel(tmp_path: Path, empty: Workshop) -> None:
    path = write(
        tmp_path,
        '\ufeffstage;channel;touchpoint;pain_points\nMaksu;Verkkopankki;Maksaa laskun;"Viite puuttuu; Eräpäivä epäselvä"\n',
    )
    ws = empty.import_csv(path)
    assert ws.touchpoints[0].title == "Maksaa laskun"
    assert [pain.text for pain in ws.pain_points] == ["Viite puuttuu", "Eräpäivä epäselvä"]
    assert ws.touchpoints[0].id == "tp-maksaa-laskun"


def test_bad_values_are_reported_by_row_and_column(tmp_path: Path, empty: Workshop) -> None:
    path = write(
        tmp_path,
        "stage,channel,touchpoint,emotion,moment_of_truth\n"
        "Plan,Web,Fine,4,yes\n"
        "Plan,Web,Too happy,7,no\n"
        "Plan,,No channel,3,\n"
        "Plan,Web,Unsure,2,perhaps\n"
        "Plan,Web,Words,great,x\n",
    )
    assert import_errors(empty, path) == [
        (3, "emotion", "csv.bad_emotion", {"value": "7"}),
        (4, "channel", "csv.required", {}),
        (5, "moment_of_truth", "csv.bad_yes_no", {"value": "perhaps", "yes": "yes", "no": "no"}),
        (6, "emotion", "csv.bad_emotion", {"value": "great"}),
    ]


def test_header_problems_are_reported_before_any_row(tmp_path: Path, empty: Workshop) -> None:
    path = write(tmp_path, "stage,touchpoint,emoton,stage\nPlan,Form,3,Plan\n")
    problems = import_errors(empty, path)
    assert problems[0][:3] == (1, "emoton", "csv.unknown_column")
    assert problems[0][3]["choices"].startswith("persona, stage, channel, touchpoint")
    assert (1, "stage", "csv.duplicate_column", {}) in problems
    assert (1, "channel", "csv.missing_column", {}) in problems


def test_rows_longer_than_the_header_are_refused(tmp_path: Path, empty: Workshop) -> None:
    path = write(tmp_path, "stage,channel,touchpoint\nPlan,Web,Form,extra\n")
    assert import_errors(empty, path) == [(2, "4", "csv.extra_cells", {"count": 3})]


def test_unreadable_files_say_what_to_do(tmp_path: Path, empty: Workshop) -> None:
    with pytest.raises(WorkshopError) as empty_file:
        empty.import_csv(write(tmp_path, ""))
    assert keys(empty_file.value) == ["csv.empty"]
    latin = write(tmp_path, "stage,channel,touchpoint\nMaksu,Kirje,Lähettää\n", "latin-1")
    with pytest.raises(StoreError) as not_utf8:
        empty.import_csv(latin)
    assert str(not_utf8.value) == said("csv.not_utf8", path=latin, position=38)
    with pytest.raises(StoreError) as missing:
        empty.import_csv(tmp_path / "missing.csv")
    assert str(missing.value) == said("csv.not_found", path=tmp_path / "missing.csv")


def test_imported_copy_saves_over_its_file(tmp_path: Path, small: Workshop) -> None:
    path = small.save(tmp_path / "w.cjm.json")
    ws = Workshop.load(path).import_csv(EXAMPLE)
    ws.save()
    assert len(Workshop.load(path).touchpoints) == 6


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("E-mail", "digital"),
        ("Letter", "physical"),
        ("Phone customer service", "human"),
        ("Sähköposti", "digital"),
        ("Kundtjänst", "human"),
        ("Brev", "physical"),
        ("Kiosk", "digital"),
    ],
)
def test_channel_kind_is_guessed_from_its_name(name: str, kind: str) -> None:
    assert guess_channel_kind(name) == kind
