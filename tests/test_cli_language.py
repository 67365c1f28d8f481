"""`cjm` speaks the user's language: --lang before the command, else the locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cjm_widgets import Workshop
from cjm_widgets.cli import main, requested_language
from cjm_widgets.i18n import default_language
from tests.conftest import small_document

CJM = str(Path(sys.executable).with_name("cjm"))
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")

FINNISH_PROBLEM = "touchpoints[0].emotion: 7 on välin 1\u20135 ulkopuolella"
ENGLISH_PROBLEM = "touchpoints[0].emotion: 7 is outside 1-5; use a whole number from 1 to 5"


@pytest.fixture
def locale(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the user's locale: ``locale("fi_FI.UTF-8")``."""
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)

    def set_locale(value: str, variable: str = "LANG") -> None:
        monkeypatch.setenv(variable, value)

    return set_locale


def broken_workshop(tmp_path: Path, language: str) -> Path:
    document = {**small_document(), "schema_version": 1, "language": language}
    document["touchpoints"][0]["emotion"] = 7
    path = tmp_path / f"{language}.cjm.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_finnish_workshop_under_a_finnish_locale_is_checked_in_finnish(tmp_path: Path) -> None:
    """The installed command, as a user runs it."""
    path = broken_workshop(tmp_path, "fi")
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    result = subprocess.run(
        [CJM, "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**env, "LANG": "fi_FI.UTF-8"},
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        f"cjm validate: {path}: Ongelmia (1):",
        f"  {FINNISH_PROBLEM}; käytä kokonaislukua 1\u20135",
    ]


def test_errors_are_in_the_users_language_whatever_the_workshops(
    tmp_path: Path, locale: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    finnish = broken_workshop(tmp_path, "fi")
    locale("C.UTF-8")
    code, _, err = run(capsys, "validate", str(finnish))
    assert code == 1 and f"{finnish}: Problems found (1):\n  {ENGLISH_PROBLEM}" in err
    english = broken_workshop(tmp_path, "en")
    locale("fi_FI.UTF-8", "LC_MESSAGES")
    code, _, err = run(capsys, "validate", str(english))
    assert code == 1 and FINNISH_PROBLEM in err


def test_results_are_in_the_users_language_with_plural_forms(
    tmp_path: Path, locale: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Workshop.from_dict(small_document()).save(tmp_path / "w.cjm.json")
    locale("da_DK.UTF-8")
    code, out, _ = run(capsys, "validate", str(path))
    assert (code, out.strip()) == (
        0,
        f"{path} er gyldig (version 1): 1 persona, 2 faser, 1 kanal, 2 kontaktpunkter, "
        "1 smertepunkt, 1 idé, 1 målepunkt",
    )
    locale("C")
    code, out, _ = run(capsys, "validate", str(path))
    assert out.strip().endswith(
        "1 persona, 2 stages, 1 channel, 2 touchpoints, 1 pain point, 1 idea, 1 metric"
    )


def test_lang_before_the_command_beats_the_locale(
    tmp_path: Path, locale: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Workshop.from_dict(small_document()).save(tmp_path / "w.cjm.json")
    locale("fi_FI.UTF-8", "LC_ALL")
    code, out, _ = run(capsys, "--lang", "sv", "validate", str(path))
    assert code == 0 and out.startswith(f"{path} är giltig (version 1): 1 persona, 2 steg")
    code, out, _ = run(capsys, "--lang=en", "validate", str(path))
    assert out.startswith(f"{path} is valid")
    assert default_language() == "en"  # main() leaves the process as it found it


def test_lang_after_the_command_is_still_the_workshops(
    tmp_path: Path, locale: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    locale("C")
    path = tmp_path / "w.cjm.json"
    code, out, _ = run(capsys, "--lang", "fi", "new", str(path), "--title", "T", "--lang", "sv")
    assert (code, out.strip()) == (0, f"Luotu: {path}")
    assert Workshop.load(path).language == "sv"
    assert requested_language(["new", "x", "--lang", "sv"]) is None
    assert requested_language(["--version", "--lang", "da", "new"]) == "da"
    assert requested_language(["--lang", "xx", "new"]) is None


def test_help_is_in_the_users_language(locale: Any, capsys: pytest.CaptureFixture[str]) -> None:
    locale("nb_NO.UTF-8")
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("bruk: cjm [-h] [--version] [--lang LANG] COMMAND ...")
    assert "valg:" in out and "vis denne hjelpen og avslutt" in out
    assert "opprett en tom workshopfil" in out
    with pytest.raises(SystemExit):
        main(["--lang", "fi", "validate", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("käyttö: cjm validate [-h] PATH")
    assert "tarkista työpajatiedosto ja luettele kaikki ongelmat" in out


def test_an_unknown_lang_is_a_usage_error(locale: Any, capsys: pytest.CaptureFixture[str]) -> None:
    locale("C")
    with pytest.raises(SystemExit) as done:
        main(["--lang", "klingon", "validate", "x.cjm.json"])
    assert done.value.code == 2
    assert (
        "argument --lang: 'klingon' is not a supported language; use one of: en, da, fi, nb, sv"
        in capsys.readouterr().err
    )
