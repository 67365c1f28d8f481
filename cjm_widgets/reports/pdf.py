"""The handout printed to PDF by headless Chromium, so its print stylesheet applies.

Chromium keeps its sandbox on; only as root, where Chromium refuses to start with it,
is the sandbox turned off (``--no-sandbox``), as in containers that run as root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate
from ..store import write_file


def chromium() -> str | None:
    """The Chromium (or Chrome) on the PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def as_root() -> bool:
    """Whether this process runs as root (never on systems without user ids)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def print_pdf(html_path: Path, pdf_path: Path, lang: str) -> Path:
    """Print the handout to PDF with headless Chromium (its print stylesheet applies)."""
    browser = chromium()
    if browser is None:
        raise CjmError(translate("report.no_chromium", lang))
    with tempfile.TemporaryDirectory(prefix="cjm-pdf-") as scratch:
        target = Path(scratch) / "handout.pdf"
        command = [
            browser,
            "--headless=new",
            *(["--no-sandbox"] if as_root() else []),
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={scratch}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            html_path.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
        if result.returncode != 0 or not target.is_file():
            raise CjmError(
                translate("report.pdf_failed", lang, reason=result.stderr.strip()[-300:])
            )
        return write_file(pdf_path, target.read_bytes())
