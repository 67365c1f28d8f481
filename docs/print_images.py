"""README's pictures of the printed handout's cover and of one slide of the deck.

python docs/print_images.py    # writes docs/images/handout-cover.png and slide-map.png

Needs Chromium (prints the PDF), LibreOffice Impress (turns the deck into a PDF as an
office suite shows it) and poppler-utils' pdftoppm (pages to PNG):
apt-get install chromium libreoffice-impress poppler-utils
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjm_widgets.reports import render  # noqa: E402
from cjm_widgets.reports.slides import deck_bytes  # noqa: E402
from cjm_widgets.samples import sample_workshop  # noqa: E402

IMAGES = ROOT / "docs" / "images"
MAP_SLIDE = 4
"""The deck's fourth slide: the first persona's journey map."""


def page_png(pdf: Path, page: int, out: Path, width: int) -> None:
    """One page of ``pdf`` as a PNG ``width`` pixels wide."""
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-singlefile", "-f", str(page), "-l", str(page),
         "-scale-to-x", str(width), "-scale-to-y", "-1", str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    print(f"wrote {out}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        ws = sample_workshop()
        path = ws.save(scratch / "utility-e-invoice.cjm.json")
        (outcome,) = render(path, to="pdf")
        if not outcome.ok:
            raise SystemExit(outcome.error)
        page_png(scratch / "utility-e-invoice-report.pdf", 1, IMAGES / "handout-cover.png", 700)
        deck = scratch / "deck.pptx"
        deck.write_bytes(deck_bytes(ws))
        office = shutil.which("soffice") or "libreoffice"
        subprocess.run(
            [office, "--headless", f"-env:UserInstallation=file://{scratch}/profile",
             "--convert-to", "pdf", "--outdir", str(scratch), str(deck)],
            check=True, capture_output=True,
        )  # fmt: skip
        page_png(scratch / "deck.pdf", MAP_SLIDE, IMAGES / "slide-map.png", 1000)


if __name__ == "__main__":
    main()
