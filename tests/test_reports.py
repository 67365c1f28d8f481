"""Report templates run through papermill with a real kernel, and the handouts they make."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import nbformat
import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main
from cjm_widgets.reports import render
from cjm_widgets.reports.plan import Job
from cjm_widgets.reports.run import chromium, plan
from tests.messages import said, saying


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workshop, str, Path]:
    from cjm_widgets.samples import sample_workshop

    folder = tmp_path_factory.mktemp("report")
    ws = sample_workshop()
    ws.personas[1].name = "Aino <b>careful</b> senior"
    path = ws.save(folder / "sample.cjm.json")
    (outcome,) = render(path, out=folder / "out")
    assert outcome.ok, outcome.error
    html_path = folder / "out" / "sample-report.html"
    return ws, html_path.read_text(encoding="utf-8"), folder / "out"


@pytest.mark.slow
def test_handout_holds_every_persona_and_touchpoint(handout: tuple[Workshop, str, Path]) -> None:
    ws, page, _ = handout
    assert "Aino &lt;b&gt;careful&lt;/b&gt; senior" in page  # user markup shown as text
    assert "<b>careful</b>" not in page
    assert "Maija, busy parent" in page
    for tp in ws.touchpoints:
        assert tp.title.replace("'", "&#x27;") in page or tp.title in page, tp.title
    for key in ("report.overview", "report.personas", "report.journey_maps", "emotions.title",
                "report.moments_of_truth", "report.pain_points", "report.priorities",
                "report.actions", "guide.metrics.title", "report.open_and_next"):  # fmt: skip
        assert f">{html.escape(said(key))}</h2>" in page, key


@pytest.mark.slow
def test_handout_is_offline_and_has_no_code(handout: tuple[Workshop, str, Path]) -> None:
    _, page, folder = handout
    assert page.count("<svg") >= 4
    assert 'class="touchpoint"' in page  # the map, inline
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert "url(http" not in page and "@import" not in page
    assert "registered_sections(" not in page and "Workshop.load" not in page
    assert "jp-InputArea" not in page and "In&nbsp;[" not in page and "Traceback" not in page
    assert "@media print" in page and "@font-face" in page
    maps = said("report.journey_maps")
    assert '<nav class="cjm-toc">' in page and f'<a href="#journey-maps">{maps}</a>' in page
    executed = nbformat.read(folder / "sample-report.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


@pytest.mark.slow
def test_contents_list_the_sections_the_report_shows(handout: tuple[Workshop, str, Path]) -> None:
    from cjm_widgets.reports.handout import shown_sections

    _, page, folder = handout
    anchors = ["overview", "personas", "vision", "journey-maps", "touchpoints", "emotions",
               "moments-of-truth", "pain-points", "priorities", "actions", "metrics", "next-steps"]  # fmt: skip
    executed = nbformat.read(folder / "sample-report.ipynb", as_version=4)
    assert [anchor for anchor, _ in shown_sections(executed)] == anchors  # left by the kernel
    contents = page.split('<nav class="cjm-toc">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<li><a href="#([^"]+)">', contents) == anchors
    assert f'<a href="#personas">{said("report.personas")}</a>' in contents
    assert all(f'<h2 id="{anchor}">' in page for anchor in anchors)


@pytest.mark.slow
def test_per_persona_reports(tmp_path: Path, sample_path: Path) -> None:
    outcomes = render(sample_path, out=tmp_path, per_persona=True, template="followup", jobs=2)
    assert [o.ok for o in outcomes] == [True, True]
    aino = (tmp_path / "sample-followup-pe-aino.html").read_text(encoding="utf-8")
    assert "E-invoice and payment journey: Aino, careful senior" in aino
    assert f">{said('report.rating')}</h2>" in aino
    assert "Offer a call-back instead of queueing" in aino
    assert "Maija, busy parent" not in aino


def test_invalid_workshop_is_refused_before_any_kernel(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.cjm.json"
    data = json.loads(sample_path.read_text())
    data["touchpoints"][0]["emotion"] = 9
    broken.write_text(json.dumps(data))
    jobs, refused = plan([broken, sample_path])
    assert [j.workshop.name for j in jobs] == ["sample.cjm.json"]
    out_of_range = said("error.out_of_range", value=9, low=1, high=5)
    assert f"touchpoints[0].emotion: {out_of_range}" in refused[0].error
    import papermill

    def no_kernel(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    (outcome,) = render(broken)
    assert not outcome.ok and out_of_range in outcome.error


def failing_template(folder: Path) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "workshop_path = ''\npersona = None\nlang = None", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(
            "from cjm_widgets import Workshop\nws = Workshop.load(workshop_path)"
        ),
        nbformat.v4.new_code_cell(
            "if 'broken' in workshop_path:\n    raise ValueError('this workshop breaks the template')"
        ),
        nbformat.v4.new_code_cell(
            "from cjm_widgets.reports import sections\nsections.overview(ws)"
        ),
    ]
    path = folder / "custom.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.slow
def test_a_failing_template_names_itself_and_the_cell_and_spares_the_batch(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = failing_template(tmp_path)
    broken = tmp_path / "broken.cjm.json"
    broken.write_bytes(sample_path.read_bytes())
    out = tmp_path / "out"
    code = main(
        [
            "report",
            str(broken),
            str(sample_path),
            "--template",
            str(template),
            "--out",
            str(out),
            "--jobs",
            "2",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    failed = said(
        "report.cell_failed",
        template="custom.ipynb",
        cell=3,
        line="if 'broken' in workshop_path:",
        ename="ValueError",
        evalue="this workshop breaks the template",
    )
    assert failed in captured.err
    assert (out / "sample-custom.html").is_file()
    assert not (out / "broken-custom.html").exists()
    assert said("report.summary", ok=1, count=2) in captured.out


@pytest.mark.slow
def test_ipynb_only(tmp_path: Path, sample_path: Path) -> None:
    (outcome,) = render(sample_path, out=tmp_path, to="ipynb")
    assert [p.name for p in outcome.written] == ["sample-report.ipynb"]


def test_unknown_template_and_language_are_clear(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(sample_path), "--template", "poster"]) == 1
    choices = "followup, inspiration, monitor, report"
    unknown = said("report.unknown_template", value="poster", choices=choices)
    assert unknown in capsys.readouterr().err
    assert main(["report", str(sample_path), "--lang", "xx"]) == 1
    unknown_language = saying("error.unknown_language", value="xx")
    assert re.search(unknown_language, capsys.readouterr().err)


@pytest.mark.slow
def test_pdf_without_chromium_says_how_to_install(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # the report's process finds no browser
    (outcome,) = render(sample_path, out=tmp_path, to="pdf")
    assert said("report.no_chromium") in outcome.error
    assert not (tmp_path / "sample-report.pdf").exists()


@pytest.mark.slow
def test_pdf_with_chromium(tmp_path: Path, sample_path: Path) -> None:
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium for PDF handouts")
        pytest.skip("chromium not installed: apt-get install chromium")
    (outcome,) = render(sample_path, out=tmp_path, to="pdf")
    assert outcome.ok, outcome.error
    pdf = (tmp_path / "sample-report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000


@pytest.mark.slow
def test_demo_makes_the_handout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    handout = tmp_path / "utility-e-invoice-report.html"
    assert said("cli.demo_handout", path=handout) in out
    assert "E-invoice and payment journey" in handout.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_command_line_stays_quiet_about_kernels(tmp_path: Path, sample_path: Path) -> None:
    import subprocess
    import sys

    cjm = str(Path(sys.executable).with_name("cjm"))
    result = subprocess.run(
        [cjm, "report", str(sample_path), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "without encryption" not in result.stderr and "Traceback" not in result.stderr
    wrote = said("cli.wrote", path=tmp_path / "sample-report.html")
    assert result.stdout.strip().splitlines()[-1] == wrote


def fake_chromium(folder: Path) -> Path:
    """A stand-in for Chromium that keeps its command line and prints an empty PDF."""
    import sys

    script = folder / "chromium"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, sys\n"
        f"pathlib.Path({str(folder / 'argv.json')!r}).write_text(json.dumps(sys.argv[1:]))\n"
        "target = next(a for a in sys.argv if a.startswith('--print-to-pdf='))\n"
        "pathlib.Path(target.split('=', 1)[1]).write_bytes(b'%PDF-1.4 fake')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


@pytest.mark.parametrize(("uid", "sandboxed"), [(1000, True), (0, False)])
def test_chromium_gives_up_its_sandbox_only_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uid: int, sandboxed: bool
) -> None:
    """Chromium refuses to start as root with its sandbox on; anyone else keeps it."""
    from cjm_widgets.reports import pdf

    browser = fake_chromium(tmp_path)
    monkeypatch.setattr(pdf, "chromium", lambda: str(browser))
    monkeypatch.setattr(pdf.os, "geteuid", lambda: uid, raising=False)
    page = tmp_path / "handout.html"
    page.write_text("<p>Hello</p>", encoding="utf-8")
    written = pdf.print_pdf(page, tmp_path / "handout.pdf", "en")
    assert written.read_bytes() == b"%PDF-1.4 fake"
    command = json.loads((tmp_path / "argv.json").read_text(encoding="utf-8"))
    assert "--headless=new" in command and page.resolve().as_uri() in command
    assert ("--no-sandbox" not in command) is sandboxed


def jobs_without_templates(folder: Path, sample_path: Path) -> list[Job]:
    """Jobs whose template is gone: each fails in its own process, fast (no kernel)."""
    return [
        Job(sample_path.resolve(), folder / f"gone-{n}.ipynb", folder / "out", f"r{n}", None,
            "en", "html", parameters=(("events_path", "x.csv"),), pptx=n == 1)
        for n in range(3)
    ]  # fmt: skip


def test_a_job_reaches_its_process_whole() -> None:
    from cjm_widgets.reports.isolated import job_from_json, job_to_json

    job = Job(
        Path("/w/a.cjm.json"), Path("/t/report.ipynb"), Path("/out"), "a-report", "pe-x", "fi",
        "pdf", parameters=(("events_path", "/l.csv"), ("period_start", "2026-01-01")),
        pptx=True, paper="letter",
    )  # fmt: skip
    assert job_from_json(job_to_json(job)) == job


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_runs_each_report_in_a_process_of_its_own_in_job_order(
    tmp_path: Path, sample_path: Path, workers: int
) -> None:
    from cjm_widgets.reports.run import run_batch

    jobs = jobs_without_templates(tmp_path, sample_path)
    seen: list[tuple[int, int]] = []
    outcomes = run_batch(jobs, workers=workers, progress=lambda d, t, o: seen.append((d, t)))
    assert [outcome.job for outcome in outcomes] == jobs
    for n, outcome in enumerate(outcomes):
        assert not outcome.ok and f"gone-{n}.ipynb" in outcome.error, outcome.error
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_report_process_that_dies_is_an_outcome_not_a_crash(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjm_widgets.reports import isolated
    from cjm_widgets.reports.run import run_batch

    monkeypatch.setattr(isolated, "WORKER", "cjm_widgets.reports.no_such_worker")
    jobs = jobs_without_templates(tmp_path, sample_path)[:1]
    (outcome,) = run_batch(jobs)
    assert outcome.error == said("report.process_failed", code=1)
