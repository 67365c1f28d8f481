"""Hostile and broken input: only the kit's own errors ever reach a user, and no save tears.

The fuzz tests feed mutated workshop files and sticky-note CSVs to the loaders and the
`cjm` command; the kill loop SIGKILLs saves at random moments. Both are bounded so the
suite stays quick on a 2-core machine.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.csv_import import COLUMNS
from cjm_widgets.errors import CjmError, WorkshopError
from cjm_widgets.limits import MAX_CSV_FIELD, MAX_NESTING
from cjm_widgets.reports.run import plan
from cjm_widgets.samples import sample_workshop
from tests.messages import said
from tests.strategies import workshop_documents

FUZZ = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)

KILLS = 110

json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """A valid document with one to three places replaced by arbitrary JSON."""
    document: Any = draw(workshop_documents())
    for _ in range(draw(st.integers(1, 3))):
        node = document
        path: list[Any] = []
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            key = draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
            )
            path.append(key)
            node = node[key]
        value = draw(json_values)
        if not path:
            if isinstance(document, dict):
                document[draw(st.text(max_size=12))] = value
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    return document


def _nested(depth: int) -> str:
    return (
        '{"schema_version": 1, "title": "x", "extensions": {"a": '
        + "[" * depth
        + "]" * depth
        + "}}"
    )


workshop_files = (
    mutated_documents().map(lambda doc: json.dumps(doc).encode())
    | st.binary(max_size=300)
    | st.integers(30, 5000).map(lambda depth: _nested(depth).encode())
    | st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass"))
)


@FUZZ
@given(raw=workshop_files)
def test_fuzzed_workshop_files_only_ever_raise_the_kits_own_errors(
    tmp_path: Path, raw: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fuzzed.cjm.json"
    path.write_bytes(raw)
    with contextlib.suppress(CjmError):
        Workshop.load(path)
    code = main(["validate", str(path)])
    assert code in (0, 1)
    err = capsys.readouterr().err
    assert "Traceback" not in err


cells = st.text(st.characters(exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["=1+1", "'=SUM(A1)", "\x00", "\x1b[31m", '"', '""', "a\nb", "5", "9", "yes"]
)


@st.composite
def sticky_note_files(draw: st.DrawFn) -> bytes:
    columns = draw(st.lists(st.sampled_from([*COLUMNS, "Stage", "bogus", ""]), max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for _ in range(draw(st.integers(0, 5))):
        writer.writerow(draw(st.lists(cells, max_size=len(columns) + 2)))
    text = buffer.getvalue()
    if draw(st.booleans()):  # a broken quote or a stray byte somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "\x00", "\r", "\ufeff"])) + text[at:]
    return text.encode("utf-8")


@FUZZ
@given(raw=sticky_note_files() | st.binary(max_size=200))
def test_fuzzed_sticky_note_csvs_only_ever_raise_the_kits_own_errors(
    tmp_path: Path, raw: bytes
) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(raw)
    ws = Workshop(title="Fuzz")
    try:
        imported = ws.import_csv(path)
    except CjmError:
        return
    imported.check()


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notes.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_cell_over_the_field_limit_is_a_clear_problem(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "stage,channel,touchpoint\nPlan,Web,Form\nPlan,Web," + "x" * (MAX_CSV_FIELD + 1) + "\n",
    )
    with pytest.raises(WorkshopError) as caught:
        Workshop(title="Moving").import_csv(path)
    where = said("csv.where_row", row=3)
    assert [str(p) for p in caught.value.problems] == [
        f"{where}: {said('csv.cell_too_long', limit=MAX_CSV_FIELD)}"
    ]


def test_csv_control_characters_are_named_by_row_and_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "stage,channel,touchpoint,thought\nPlan,Web,Form,red \x1b[31m text\n")
    with pytest.raises(WorkshopError) as caught:
        Workshop(title="Moving").import_csv(path)
    where = said("csv.where", row=2, column="thought")
    assert [str(p) for p in caught.value.problems] == [
        f"{where}: {said('error.control_character', code='U+001B')}"
    ]


def test_csv_import_takes_off_the_formula_guard_an_export_added(tmp_path: Path) -> None:
    path = _csv(tmp_path, "stage,channel,touchpoint,thought\nPlan,Web,'=Form,'-2 is less\n")
    ws = Workshop(title="Moving").import_csv(path)
    assert (ws.touchpoints[0].title, ws.touchpoints[0].thought) == ("=Form", "-2 is less")


def test_a_report_batch_goes_on_past_a_file_nested_too_deep(
    tmp_path: Path, sample_path: Path
) -> None:
    deep = tmp_path / "deep.cjm.json"
    deep.write_text(_nested(1000))
    jobs, refused = plan([deep, sample_path])
    assert [job.workshop.name for job in jobs] == ["sample.cjm.json"]
    assert said("store.too_deep", path=deep, limit=MAX_NESTING) in refused[0].error


def test_validate_names_the_nesting_limit_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.cjm.json"
    deep.write_text(_nested(1000))
    assert main(["validate", str(deep)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"cjm validate: {said('store.too_deep', path=deep, limit=MAX_NESTING)}"


def _save_forever(path: Path) -> None:  # pragma: no cover - runs in a forked child
    ws = Workshop.load(path)
    number = 0
    while True:
        number += 1
        ws.vision.overall = f"save {number} " + "x" * 20_000
        ws.save()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill loop forks")
def test_saves_killed_at_random_moments_never_tear_the_file(tmp_path: Path) -> None:
    path = sample_workshop().save(tmp_path / "w.cjm.json")
    chance = random.Random(20261124)
    revisions = []
    torn = 0
    for _ in range(KILLS):
        child = os.fork()
        if child == 0:  # pragma: no cover - the child
            try:
                _save_forever(path)
            finally:
                os._exit(0)
        time.sleep(chance.uniform(0.005, 0.08))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        revisions.append(Workshop.load(path).revision)  # whole and valid after every kill
        torn += sum(entry.name.endswith(".tmp") for entry in tmp_path.iterdir())
    assert revisions == sorted(revisions) and revisions[-1] > KILLS
    print(f"{KILLS} kills, {revisions[-1]} saves, {torn} temp files left by killed saves")
    ws = Workshop.load(path)
    ws.title = "After the kills"
    ws.save()
    leftovers = [entry.name for entry in tmp_path.iterdir() if entry.name.endswith(".tmp")]
    assert leftovers == []
    assert Workshop.load(path).title == "After the kills"
