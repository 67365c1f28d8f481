"""Where the notebook templates are: inside the installed package, or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED = ("workshop", "report", "followup")


def bundled_template(name: str) -> Path | None:
    """The path of a shipped template (``workshop``, ``report``, ``followup``), if present."""
    packaged = resources.files("cjm_widgets").joinpath("templates", "notebooks", f"{name}.ipynb")
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parent.parent / "templates" / "notebooks" / f"{name}.ipynb"
    return source if source.is_file() else None
