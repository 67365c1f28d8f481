"""The two bases of every part of the document: ``Record`` and the listed ``Entity``.

Every field is checked on creation and on assignment; a refused assignment is undone, and
every problem comes out as one ``WorkshopError`` in the document's language.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import Problem, WorkshopError
from ..model_types import EntityId
from ..validation import document_language, problems_from_validation


class Record(BaseModel):
    """Base of every part of the document: strict fields, checked on assignment too."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise WorkshopError(self._problems(error, data), lang=document_language(data)) from None

    # Nested models are built by pydantic-core directly (fast, errors located in the
    # parent); only a user's own call goes through this wrapper.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        previous = self.__dict__.get(name)
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            # A model-level check fails after pydantic already stored the value: undo it,
            # so a refused value never reaches the model.
            if name in self.__dict__:
                self.__dict__[name] = previous
            raise WorkshopError(problems_from_validation(error, self._where())) from None

    @classmethod
    def _problems(cls, error: ValidationError, data: Any) -> list[Problem]:
        """Every problem of ``data``; the Workshop adds reference checks of raw data."""
        return problems_from_validation(error)

    def _where(self) -> str:
        """How error paths name this object when one of its fields is set."""
        return ""


class Entity(Record):
    """An item of one of the document's lists, found and linked by its id."""

    list_name: ClassVar[str] = ""
    id: EntityId

    def _where(self) -> str:
        return f"{type(self).__name__}[id={self.id}]"


__all__ = ["Entity", "Record"]
