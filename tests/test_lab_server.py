"""The JupyterLab extension's server side without a server: the files it creates, the
paths it refuses and the words it sends (the routes themselves run in
tests/test_lab_extension.py, on a real JupyterLab)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from tornado import httputil, web

from cjm_widgets import Workshop, lab_server
from cjm_widgets.errors import CjmError, StoreError
from cjm_widgets.i18n import supported_languages
from cjm_widgets.library import journey_template
from cjm_widgets.samples import sample_workshop
from tests.lab_client import lab_routes
from tests.messages import keys, read_back, said


def test_a_new_workshop_is_named_after_its_title(tmp_path: Path) -> None:
    path = lab_server.create_workshop(tmp_path, "", "Moving house", "fi", "empty")
    assert path == tmp_path / "Moving house.cjm.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert (saved["title"], saved["language"], saved["personas"]) == ("Moving house", "fi", [])


def test_a_new_workshop_can_start_from_the_sample(tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    path = lab_server.create_workshop(tmp_path, "/team/", "E-laskut 2027", "sv", "sample")
    assert path == tmp_path / "team" / "E-laskut 2027.cjm.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["title"] == "E-laskut 2027"
    assert saved["language"] == "sv"
    assert [p["name"] for p in saved["personas"]] == [p.name for p in sample_workshop().personas]


def test_a_new_workshop_can_start_from_a_journey_template_in_its_language(
    tmp_path: Path,
) -> None:
    path = lab_server.create_workshop(tmp_path, "", "Perintä 2027", "fi", "template:late-payment")
    assert path == tmp_path / "Perintä 2027.cjm.json"
    saved = Workshop.load(path)
    template = journey_template("late-payment").workshop("fi")
    assert (saved.title, saved.language) == ("Perintä 2027", "fi")
    assert [stage.name for stage in saved.stages] == [stage.name for stage in template.stages]
    assert [tp.title for tp in saved.touchpoints] == [tp.title for tp in template.touchpoints]


def test_a_template_lends_its_title_when_none_is_given(tmp_path: Path) -> None:
    path = lab_server.create_workshop(tmp_path, "", "  ", "sv", "template:moving-house")
    title = journey_template("moving-house").title("sv")
    assert path == tmp_path / lab_server.file_name(title)
    assert Workshop.load(path).title == title


def test_an_unknown_template_is_named_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(CjmError) as raised:
        lab_server.create_workshop(tmp_path, "", "X", "en", "template:no-such")
    shown = str(raised.value.translated("en"))
    assert "no-such" in shown and "late-payment" in shown
    assert list(tmp_path.iterdir()) == []


def test_the_dialog_gets_the_templates_titled_in_its_language_with_their_languages() -> None:
    payload = lab_server.strings_payload("fi")
    starts = payload["starts"]
    assert list(starts)[:2] == ["empty", "sample"]
    title = journey_template("late-payment").title("fi")
    assert starts["template:late-payment"] == f"Polkupohja: {title}"
    assert len([key for key in starts if key.startswith("template:")]) >= 6
    assert payload["coverage"]["template:late-payment"] == ["en", "fi", "sv", "da", "nb"]
    assert payload["strings"]["dialog.template_languages"] == (
        "Pohja on kirjoitettu kielillä: {languages}"
    )


def post_workshops(root: Path, body: dict[str, str]) -> tuple[int, dict[str, str]]:
    """The "new workshop" route's handler called as the server calls it for a logged-in
    user's POST (the token and XSRF checks themselves run in tests/test_lab_extension.py)."""
    request = httputil.HTTPServerRequest(
        start_line=httputil.RequestStartLine("POST", "/cjm-widgets/workshops", "HTTP/1.1"),
        headers=httputil.HTTPHeaders({"Host": "127.0.0.1", "Content-Type": "application/json"}),
        body=json.dumps(body).encode(),
        connection=mock.Mock(),
    )
    handler = lab_server.WorkshopsHandler(web.Application(), request)
    sent: list[tuple[int, str]] = []
    cls = lab_server.WorkshopsHandler
    with (
        mock.patch.object(cls, "current_user", "facilitator", create=True),
        mock.patch.object(cls, "root", root),
        mock.patch.object(
            cls, "finish", lambda self, chunk: sent.append((self.get_status(), chunk))
        ),
    ):
        handler.post()
    [(status, chunk)] = sent
    return status, json.loads(chunk)


def test_the_route_creates_a_workshop_from_the_template_chosen_in_the_dialog(
    tmp_path: Path,
) -> None:
    body = {"folder": "", "title": "", "language": "da", "start": "template:bill-question"}
    status, answer = post_workshops(tmp_path, {**body, "lang": "fi"})
    title = journey_template("bill-question").title("da")
    assert (status, answer) == (201, {"path": f"{title}.cjm.json"})
    saved = Workshop.load(tmp_path / answer["path"])
    assert (saved.title, saved.language) == (title, "da")
    assert saved.touchpoints


def test_the_route_refuses_an_unknown_template_in_the_user_s_language(tmp_path: Path) -> None:
    body = {"title": "X", "language": "sv", "start": "template:nope", "lang": "sv"}
    status, answer = post_workshops(tmp_path, body)
    assert status == 400
    assert "nope" in answer["message"] and "late-payment" in answer["message"]
    assert answer["message"].startswith("'nope' är ingen mall för kundresor")
    assert list(tmp_path.glob("*.cjm.json")) == []


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Q3/Q4: billing?", "Q3-Q4- billing-.cjm.json"),
        ("..hidden", "hidden.cjm.json"),
        ("  Kundresa  ", "Kundresa.cjm.json"),
        ("Tab\there", "Tab-here.cjm.json"),
    ],
)
def test_file_names_keep_the_title_but_not_what_file_systems_refuse(title: str, name: str) -> None:
    assert lab_server.file_name(title) == name


def test_an_existing_workshop_is_never_overwritten(tmp_path: Path) -> None:
    path = lab_server.create_workshop(tmp_path, "", "Moving house", "en", "empty")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        lab_server.create_workshop(tmp_path, "", "Moving house", "en", "sample")
    assert str(caught.value) == said("cli.exists", path="Moving house.cjm.json")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("folder", "title", "lang", "start", "key", "params"),
    [
        ("", "   ", "en", "empty", "lab.error.title_needed", {}),
        ("", "//", "en", "empty", "lab.error.title_needed", {}),
        ("../..", "Escape", "en", "empty", "lab.error.outside_root", {"path": "../.."}),
        ("missing", "Lost", "en", "empty", "lab.error.no_folder", {"path": "missing"}),
        ("", "Words", "de", "empty", "error.unknown_language", {"value": "de"}),
        ("", "Start", "en", "template-x", "lab.error.unknown_start", {"value": "template-x"}),
    ],
)
def test_bad_requests_name_the_problem_and_create_nothing(
    tmp_path: Path, folder: str, title: str, lang: str, start: str, key: str, params: dict[str, str]
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises((CjmError, ValueError)) as caught:
        lab_server.create_workshop(root, folder, title, lang, start)
    (message,) = caught.value.args
    assert keys(caught.value) == [key] and params.items() <= message.params.items()
    assert list(tmp_path.rglob("*.cjm.json")) == []


def test_errors_read_in_the_language_asked_for(tmp_path: Path) -> None:
    with pytest.raises(CjmError) as raised:
        lab_server.create_workshop(tmp_path, "", " ", "en", "empty")
    assert raised.value.translated("fi") == said("lab.error.title_needed", "fi")


def test_the_extension_gets_its_strings_in_every_language_without_the_prefix() -> None:
    english = lab_server.strings("en")
    assert english["new.label"] == said("lab.new.label")
    assert english["command.handout"] == said("lab.command.handout")
    for lang in supported_languages():
        assert set(lab_server.strings(lang)) == set(english)
    assert lab_server.strings("nb")["launcher.category"] == said("lab.launcher.category", "nb")


ENGLISH_JSON = Path(__file__).resolve().parent.parent / "src" / "english.json"


def english_json() -> str:
    """``src/english.json`` as it should be: the English payload, as prettier writes JSON."""
    return json.dumps(lab_server.strings_payload("en"), ensure_ascii=False, indent=2) + "\n"


def test_the_extensions_english_fallback_is_the_english_catalog() -> None:
    """What the extension shows when it cannot ask the server (src/english.json) says what
    the server says in English; ``python -m tests.test_lab_server`` writes it anew."""
    assert json.loads(ENGLISH_JSON.read_text(encoding="utf-8")) == json.loads(english_json())


def test_voila_counts_only_when_its_server_extension_is_enabled() -> None:
    def server(**enabled: bool) -> SimpleNamespace:
        extensions = {
            name.replace("_", "."): SimpleNamespace(enabled=on) for name, on in enabled.items()
        }
        return SimpleNamespace(extension_manager=SimpleNamespace(extensions=extensions))

    assert lab_server.voila_enabled(server(voila_server_extension=True))
    assert not lab_server.voila_enabled(server(voila_server_extension=False))
    assert not lab_server.voila_enabled(server(jupyterlab=True))
    assert not lab_server.voila_enabled(SimpleNamespace())


@pytest.fixture
def asked_to_render(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates the handout route asks ``render`` for (no report is made)."""
    from cjm_widgets.reports import run

    asked: list[str] = []

    def render(paths: list[Path], *, template: str, lang: str | None) -> list[Any]:
        asked.append(template)
        html = Path(paths[0]).with_suffix(".html")
        html.write_text("<p>handout</p>", encoding="utf-8")
        return [SimpleNamespace(ok=True, error="", written=(html,))]

    monkeypatch.setattr(run, "render", render)
    return asked


def served_folder(tmp_path: Path) -> Path:
    """A folder JupyterLab serves, with a workshop and a notebook in it, and a notebook
    beside it, outside."""
    root = tmp_path / "served"
    (root / "team").mkdir(parents=True)
    sample_workshop().save(root / "team" / "w.cjm.json")
    (root / "team" / "mine.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "evil.ipynb").write_text("{}", encoding="utf-8")
    (root / "team" / "escape.ipynb").symlink_to(tmp_path / "evil.ipynb")
    return root


@pytest.mark.parametrize(
    "template",
    ["../evil.ipynb", "team/../../evil.ipynb", "team/escape.ipynb", "{outside}", "/etc/x.ipynb"],
)
def test_a_handout_template_outside_the_served_folder_is_refused(
    tmp_path: Path, asked_to_render: list[str], template: str
) -> None:
    root = served_folder(tmp_path)
    template = template.format(outside=tmp_path / "evil.ipynb")
    with lab_routes(root) as lab:
        status, answer = lab.post("handout", {"path": "team/w.cjm.json", "template": template})
    assert status == 400
    shown = read_back("lab.error.template_outside", answer["message"])
    assert shown is not None and shown["path"] == template
    assert "report" in shown["choices"]
    assert asked_to_render == []
    assert not (root / "team" / "w.cjm.html").exists()


@pytest.mark.parametrize("template", ["team/missing.ipynb", "team/w.cjm.json", "poster"])
def test_a_handout_template_that_is_no_notebook_here_is_refused(
    tmp_path: Path, asked_to_render: list[str], template: str
) -> None:
    root = served_folder(tmp_path)
    with lab_routes(root) as lab:
        status, answer = lab.post(
            "handout", {"path": "team/w.cjm.json", "template": template, "lang": "fi"}
        )
    assert status == 400
    assert answer["message"].startswith(f"'{template}' ei ole raporttipohja")
    assert asked_to_render == []


def test_registered_templates_and_notebooks_in_the_served_folder_make_handouts(
    tmp_path: Path, asked_to_render: list[str]
) -> None:
    from cjm_widgets.templates import report_templates

    root = served_folder(tmp_path)
    shipped = str(report_templates()["followup"])
    with lab_routes(root) as lab:
        for template in ("followup", shipped, "team/mine.ipynb", "/team/mine.ipynb"):
            status, answer = lab.post("handout", {"path": "team/w.cjm.json", "template": template})
            assert (status, answer) == (200, {"path": "team/w.cjm.html"}), template
    mine = str((root / "team" / "mine.ipynb").resolve())
    assert asked_to_render == ["followup", shipped, mine, mine]


@pytest.mark.slow
def test_a_handout_export_never_moves_the_servers_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """papermill changes the working directory while a template runs; the server's is
    shared by every request, so the report runs in a process of its own."""
    import os
    import threading

    root = tmp_path / "served"
    (root / "team").mkdir(parents=True)
    sample_workshop().save(root / "team" / "w.cjm.json")
    monkeypatch.chdir(tmp_path)
    start = Path.cwd()
    moves: list[str] = []
    real_chdir = os.chdir

    def chdir(path: Any) -> None:
        moves.append(str(path))
        real_chdir(path)

    monkeypatch.setattr(os, "chdir", chdir)
    seen: set[Path] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.005):
            seen.add(Path.cwd())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        with lab_routes(root) as lab:
            status, answer = lab.post("handout", {"path": "team/w.cjm.json"}, timeout=300)
    finally:
        done.set()
        watcher.join(5)
    assert (status, answer) == (200, {"path": "team/w-report.html"}), answer
    assert "Customers (personas)" in (root / "team" / "w-report.html").read_text(encoding="utf-8")
    assert moves == []
    assert seen == {start} and Path.cwd() == start


if __name__ == "__main__":
    ENGLISH_JSON.write_text(english_json(), encoding="utf-8")
