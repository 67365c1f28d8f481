"""The sample workshop shipped with the kit: a utility's e-invoice and payment journey."""

from __future__ import annotations

from importlib import resources

from ..workshop import Workshop

SAMPLE_FILE_NAME = "utility-e-invoice.cjm.json"


def sample_workshop() -> Workshop:
    """A fresh, unsaved copy of the sample workshop (2 personas, 6 stages, 25 touchpoints)."""
    text = resources.files(__package__).joinpath(SAMPLE_FILE_NAME).read_text(encoding="utf-8")
    return Workshop.model_validate_json(text)
