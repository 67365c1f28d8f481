"""README's pictures of the printed handout's cover, three slides of the deck, and the
priority matrix after a room voted.

python docs/print_images.py    # writes docs/images/handout-cover.png, slide-*.png, matrix-room.png

Needs Chromium (prints the PDF) and LibreOffice Impress (turns the deck into a PDF as an
office suite shows it): apt-get install chromium libreoffice-impress. The room runs on
127.0.0.1 for the few requests of three participants.
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
SLIDES = {"slide-title.png": 1, "slide-persona.png": 2, "slide-map.png": 5}
"""README's slides by page: the title, the first persona, the first persona's journey map."""
ROOM = ("Participant A", "Participant B", "Participant C")


def page_png(pdf: Path, page: int, out: Path, width: int) -> None:
    """One page (from 1) of ``pdf`` as a PNG ``width`` pixels wide."""
    import pypdfium2 as pdfium

    sheet = pdfium.PdfDocument(pdf)[page - 1]
    sheet.render(scale=width / sheet.get_width()).to_pil().save(out)
    print(f"wrote {out}")


def matrix_after_a_room(path: Path) -> None:
    """The sample after two people in the room scored idea 3 and voted for it, and one
    voted for idea 4: the votes drawn at their own numbered dots."""
    from cjm_widgets import Workshop
    from cjm_widgets.cli import main as cjm
    from cjm_widgets.layout.matrix import layout_matrix
    from cjm_widgets.render.svg import to_png
    from tests.room_client import running_room

    ideas = [idea.id for idea in Workshop.load(path).ideas]
    with running_room(path) as room:
        for name in ROOM[:2]:
            client = room.client()
            client.join(name)
            client.rate(ideas[2], "effort", 2)
            client.rate(ideas[2], "impact", 5)
            client.vote(ideas[2])
        third = room.client()
        third.join(ROOM[2])
        third.vote(ideas[3])
    cjm(["room", "merge", str(path)])
    out = IMAGES / "matrix-room.png"
    out.write_bytes(to_png(layout_matrix(Workshop.load(path)), zoom=1.5))
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
        for name, page in SLIDES.items():
            page_png(scratch / "deck.pdf", page, IMAGES / name, 1000)
        matrix_after_a_room(path)


if __name__ == "__main__":
    main()
