"""The `cjm` command: exit codes, what it prints, and what it leaves on disk."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cjm_widgets import Workshop, __version__
from cjm_widgets.cli import main
from cjm_widgets.frames import FRAME_NAMES
from tests.messages import said, saying
from tests.test_csv_import import EXAMPLE

# The console script pip installed beside this interpreter, as a user would run it.
CJM = str(Path(sys.executable).with_name("cjm"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_installed_command_version_and_help() -> None:
    version = subprocess.run([CJM, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"cjm-widgets {__version__}"
    help_text = subprocess.run([CJM, "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("new", "validate", "import-csv", "export", "demo"):
        assert command in help_text


def test_new_creates_a_valid_file_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.cjm.json"
    code, out, _ = run(
        capsys, "new", str(path), "--title", "Moving house", "--organisation", "Nordvik"
    )
    assert (code, out.strip()) == (0, said("cli.created", path=path))
    ws = Workshop.load(path)
    assert (ws.title, ws.organisation, ws.language, ws.revision) == (
        "Moving house",
        "Nordvik",
        "en",
        1,
    )
    code, _, err = run(capsys, "new", str(path), "--title", "Other")
    assert code == 1
    assert err.strip() == f"cjm new: {said('cli.exists', path=path)}"
    assert Workshop.load(path).title == "Moving house"


def test_new_with_unknown_language_lists_the_supported_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "w.cjm.json"), "--title", "T", "--lang", "xx")
    assert code == 1
    assert said("error.unknown_language", value="xx", choices="en, da, fi, nb, sv") in err
    assert "Traceback" not in err
    assert not (tmp_path / "w.cjm.json").exists()


def test_validate_exit_codes_and_problem_list(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "validate", str(sample_path))
    assert code == 0
    assert re.match(saying("cli.valid", path=sample_path, revision=2), out)
    counts = {"personas": 2, "stages": 6, "channels": 8, "touchpoints": 25}
    summary = ", ".join(said(f"count.{name}", count=count) for name, count in counts.items())
    assert summary in out
    data = json.loads(sample_path.read_text())
    data["touchpoints"][3]["emotion"] = 7
    data["ideas"][0]["pain_points"] = ["pp-9"]
    sample_path.write_text(json.dumps(data))
    code, out, err = run(capsys, "validate", str(sample_path))
    assert (code, out) == (1, "")
    assert f"touchpoints[3].emotion: {said('error.out_of_range', value=7, low=1, high=5)}" in err
    assert re.search(r"ideas\[0\]\.pain_points: " + saying("error.reference", value="pp-9"), err)
    assert "Traceback" not in err


def test_validate_a_broken_or_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.cjm.json"
    broken.write_text("{ nope")
    code, _, err = run(capsys, "validate", str(broken))
    assert code == 1 and re.search(saying("store.not_json", path=broken, line=1, column=3), err)
    missing = tmp_path / "missing.cjm.json"
    code, _, err = run(capsys, "validate", str(missing))
    assert code == 1 and said("store.not_found", path=missing) in err


def test_import_csv_adds_touchpoints_and_saves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.cjm.json"
    run(capsys, "new", str(path), "--title", "Moving")
    code, out, _ = run(capsys, "import-csv", str(path), str(EXAMPLE))
    assert code == 0
    counted = {
        name: said(f"count.{name}", count=count)
        for name, count in (
            ("touchpoints", 4),
            ("stages", 2),
            ("channels", 4),
            ("personas", 1),
            ("pain_points", 3),
        )
    }
    assert out.strip() == said("cli.imported", path=path, revision=2, **counted)
    assert len(Workshop.load(path).touchpoints) == 4


def test_import_csv_with_bad_rows_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.cjm.json"
    run(capsys, "new", str(path), "--title", "Moving")
    before = path.read_bytes()
    notes = tmp_path / "notes.csv"
    notes.write_text("stage,channel,touchpoint,emotion\nPlan,Web,Form,9\n")
    code, _, err = run(capsys, "import-csv", str(path), str(notes))
    assert code == 1
    where = said("csv.where", row=2, column="emotion")
    assert f"{where}: {said('csv.bad_emotion', value='9')}" in err
    assert path.read_bytes() == before


def test_export_every_format(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "export", str(sample_path), "--to", "mermaid", "--persona", "pe-aino"
    )
    assert code == 0 and out.startswith("journey\n    title E-invoice and payment journey#58; Aino")
    mermaid_file = tmp_path / "journey.mmd"
    code, out, _ = run(
        capsys, "export", str(sample_path), "--to", "mermaid", "-o", str(mermaid_file)
    )
    assert code == 0 and mermaid_file.read_text().startswith("journey")
    code, out, _ = run(capsys, "export", str(sample_path), "--to", "csv")
    assert code == 0
    assert (tmp_path / "sample-tables" / "touchpoints.csv").is_file()
    folder = tmp_path / "sample-tables"
    assert out.splitlines() == [
        said("cli.wrote", path=folder / f"{name}.csv") for name in FRAME_NAMES
    ]
    code, out, _ = run(
        capsys, "export", str(sample_path), "--to", "xlsx", "-o", str(tmp_path / "x.xlsx")
    )
    assert (code, out.strip()) == (0, said("cli.wrote", path=tmp_path / "x.xlsx"))
    code, out, _ = run(capsys, "export", "--to", "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Workshop"
    assert "touchpoints" in schema["properties"]


def test_export_errors_are_one_line(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", "--to", "csv")
    assert (code, err.strip()) == (1, f"cjm export: {said('cli.export_needs_path', format='csv')}")
    code, _, err = run(capsys, "export", str(sample_path), "--to", "mermaid", "--persona", "pe-x")
    assert code == 1 and re.search(saying("persona.unknown", value="pe-x"), err)
    code, _, err = run(
        capsys, "export", str(sample_path), "--to", "csv", "-o", str(sample_path / "x")
    )
    assert code == 1 and re.search(saying("store.cannot_write", path=sample_path / "x"), err)
    code, out, err = run(capsys, "export", str(sample_path), "--to", "pdf")
    assert (code, out) == (1, "")
    formats = "csv, mermaid, png, pptx, schema, svg, xlsx"
    assert err.strip() == (
        f"cjm export: {said('cli.unknown_export_format', value='pdf', choices=formats)}"
    )


@pytest.mark.slow
def test_demo_builds_the_sample(tmp_path: Path) -> None:
    result = subprocess.run(
        [CJM, "demo", "--out", str(tmp_path / "demo")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "demo" / "utility-e-invoice.cjm.json"
    assert said("cli.demo_file", path=path) in result.stdout
    counts = {"personas": 2, "stages": 6, "channels": 8, "touchpoints": 25}
    summary = ", ".join(said(f"count.{name}", count=count) for name, count in counts.items())
    assert summary in result.stdout
    assert len(Workshop.load(path).touchpoints) == 25
    # the sample is measured on its event log and the measurement kept in the workshop
    assert len(Workshop.load(path).measurements) == 1
    handout = (tmp_path / "demo" / "utility-e-invoice-report.html").read_text()
    assert said("report.measured.title") in handout
    assert said("map.measured.felt_better") in handout
    impact = handout.split(said("report.measured.impact"))[1]
    assert "Pre-fill the customer number" in impact and said("report.measured.improved") in impact
    again = subprocess.run(
        [CJM, "demo", "--out", str(tmp_path / "demo")], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0
    assert path.with_name(path.name + ".bak").is_file()  # the previous run is kept


def test_demo_into_an_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "demo", "--out", str(blocker / "demo"))
    assert code == 1 and "cannot write" in err and "Traceback" not in err


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cjm_widgets.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == f"cjm-widgets {__version__}"


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    process = subprocess.Popen(
        [CJM, "export", "--to", "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `cjm ... | head` once head has what it wants
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(60) == 0
    assert err == ""
