"""The library's messages: the catalogs' ``library.*`` keys, every one the code names
defined, written (not copied) in every language; and the library's place in the layers."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from cjm_widgets.i18n import catalog, supported_languages, translate
from cjm_widgets.library import LIBRARY_LANGUAGES, LibraryError
from tests.test_architecture import ALL_IMPORTS, LAYERS

LIBRARY = Path(__file__).resolve().parent.parent / "cjm_widgets" / "library"


def library_keys(lang: str) -> dict[str, str]:
    return {key: text for key, text in catalog(lang).items() if key.startswith("library.")}


def test_the_library_speaks_exactly_the_kit_s_languages() -> None:
    assert set(LIBRARY_LANGUAGES) == set(supported_languages())
    assert not (LIBRARY / "messages.json").exists()


def test_translations_are_written_not_copied() -> None:
    english = library_keys("en")
    assert len(english) >= 26
    copied = {
        lang: [
            key
            for key, text in english.items()
            if library_keys(lang)[key] == text and len(text) > 20
        ]
        for lang in LIBRARY_LANGUAGES[1:]
    }
    assert copied == {lang: ["library.invalid"] for lang in LIBRARY_LANGUAGES[1:]}


def test_every_key_the_code_names_is_in_the_catalogs() -> None:
    pattern = re.compile(r"""(?:translate|LibraryError\.of)\(\s*["']([a-z_.]+)["']""")
    used = {
        key
        for source in LIBRARY.rglob("*.py")
        for key in pattern.findall(source.read_text(encoding="utf-8"))
    }
    assert len(used) > 15
    assert used - set(library_keys("en")) == set()


def test_an_error_can_be_shown_again_in_another_language() -> None:
    error = LibraryError.of("library.unknown_template", value="x", choices="a, b")
    assert str(error) == "'x' is not a journey template; use one of: a, b"
    assert error.translated("nb") == "'x' er ikke en mal for kundereiser; bruk en av disse: a, b"
    copy = pickle.loads(pickle.dumps(error))
    assert (
        copy.translated("da") == "'x' er ikke en skabelon for kunderejser; brug en af disse: a, b"
    )
    message = translate("library.evidence.reported", "fi")
    assert message == "Laajalti raportoitu" and message.translated("sv") == "Ofta rapporterad"


def test_the_library_sits_with_files_and_tables() -> None:
    """Layer 2: it reads the model, i18n, errors and the store, never layout, widgets or reports."""
    layers = {**LAYERS, "library": 2}

    def layer(module: str) -> int:
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            if ".".join(parts[:end]) in layers:
                return layers[".".join(parts[:end])]
        return 6

    mine = [found for found in ALL_IMPORTS if found.source.startswith("library")]
    assert len(mine) > 20
    wrong = [f"{f.source} imports {f.target}" for f in mine if layer(f.target) > 2]
    assert wrong == []
