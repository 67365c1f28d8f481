"""Inputs bound to one field of the model, refusing invalid values with a message beside them.

A value reaches the model only through the model's own checked assignment; when it is
refused, the input keeps what was typed (so it can be corrected) and the message says
what is wrong and how to fix it. Accepted values tell the session, which autosaves.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from ..errors import WorkshopError
from ..history import key_of
from ..i18n import localize, translate
from ..i18n.faces import EMOTION_FACES
from ..render.page_colours import ERROR, MUTED
from .session import WorkshopSession

ERROR_STYLE = f"color:{ERROR};font-size:0.9em"
HINT_STYLE = f"color:{MUTED}"


def error_html(error: Exception, lang: str | None = None) -> str:
    """The first problem of ``error`` as the red line shown beside an input, in ``lang``
    (the session's; default: the language the error was raised for)."""
    problems = getattr(error, "problems", None)
    message = problems[0].text(lang) if problems else localize(error, lang)
    return f'<span style="{ERROR_STYLE}">{html.escape(message, quote=False)}</span>'


class Field(widgets.VBox):  # type: ignore[misc]
    """A labelled input whose committed value is written to ``target.name``."""

    def __init__(
        self,
        label: str,
        control: widgets.ValueWidget,
        target: Any,
        name: str,
        session: WorkshopSession,
        *,
        to_model: Callable[[Any], Any] = lambda value: value,
        to_control: Callable[[Any], Any] = lambda value: value,
        help_text: str = "",
    ) -> None:
        self.control = control
        self.target = target
        self.name = name
        self.session = session
        self._to_model = to_model
        self._to_control = to_control
        self._quiet = False
        self.error = widgets.HTML()
        self.control.value = to_control(getattr(target, name))
        self.control.observe(self._commit, names="value")
        self.label = label or getattr(control, "description", "")
        parts = [control, self.error]
        if help_text:
            hint = f'<span style="{HINT_STYLE}">{html.escape(help_text)}</span>'
            parts.insert(0, widgets.HTML(hint))
        if label:
            parts.insert(0, widgets.HTML(f"<b>{html.escape(label)}</b>"))
        super().__init__(parts, layout=widgets.Layout(margin="0 0 6px 0"))
        self.add_class(f"cjm-field-{name}")

    @property
    def value(self) -> Any:
        return self.control.value

    @value.setter
    def value(self, new: Any) -> None:
        """Set the input as a person typing would (the commit runs)."""
        self.control.value = new

    def _commit(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        try:
            value = self._to_model(change["new"])
            if value == getattr(self.target, self.name):
                self.error.value = ""
                return
            setattr(self.target, self.name, value)
        except (WorkshopError, ValueError) as error:
            self.show_error(error)
            return
        self.error.value = ""
        self.session.changed(
            self.session.action("edit", self.target, self.label),
            key=key_of(self.target, self.name),
        )

    def show_error(self, error: Exception) -> None:
        self.error.value = error_html(error, self.session.lang)

    def reload(self) -> None:
        """Show the model's value again (after a change made elsewhere)."""
        self._quiet = True
        try:
            self.control.value = self._to_control(getattr(self.target, self.name))
            self.error.value = ""
        finally:
            self._quiet = False


def text_field(
    label: str,
    target: Any,
    name: str,
    session: WorkshopSession,
    *,
    lines: int = 1,
    help_text: str = "",
) -> Field:
    """Text committed on Enter (single line) or when the box loses focus."""
    layout = widgets.Layout(width="100%")
    control: widgets.ValueWidget
    if lines > 1:
        control = widgets.Textarea(continuous_update=False, rows=lines, layout=layout)
    else:
        control = widgets.Text(continuous_update=False, layout=layout)
    return Field(label, control, target, name, session, help_text=help_text)


def choice_field(
    label: str,
    target: Any,
    name: str,
    session: WorkshopSession,
    options: Sequence[tuple[str, Any]],
    *,
    buttons: bool = False,
) -> Field:
    """A choice among fixed options given as (label, value) pairs."""
    control: widgets.ValueWidget
    if buttons:
        control = widgets.ToggleButtons(options=list(options), style={"button_width": "auto"})
    else:
        control = widgets.Dropdown(options=list(options), layout=widgets.Layout(width="auto"))
    return Field(label, control, target, name, session)


def score_field(
    label: str, target: Any, name: str, session: WorkshopSession, *, faces: bool
) -> Field:
    """A 1-5 score, or none yet; emotion scores show a face and a word for each value."""
    lang = session.lang
    options: list[tuple[str, int | None]] = [(translate("field.not_rated", lang), None)]
    for score in range(1, 6):
        text = f"{EMOTION_FACES[score]} {score}" if faces else str(score)
        options.append((text, score))
    field = choice_field(label, target, name, session, options, buttons=True)
    if faces:
        field.control.tooltips = [
            "",
            *(translate(f"emotion.{score}", lang) for score in range(1, 6)),
        ]
    return field


def flag_field(label: str, target: Any, name: str, session: WorkshopSession) -> Field:
    control = widgets.Checkbox(description=label, indent=False)
    return Field("", control, target, name, session)


def date_field(
    label: str, target: Any, name: str, session: WorkshopSession, *, help_text: str = ""
) -> Field:
    """A day picked in the browser's own date picker; cleared means not set."""
    control = widgets.DatePicker(layout=widgets.Layout(width="12em"))
    return Field(label, control, target, name, session, help_text=help_text)


def _number_from_text(text: str) -> float | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    return float(cleaned)


def _number_to_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def number_field(label: str, target: Any, name: str, session: WorkshopSession) -> Field:
    """A number typed as text (``4,5`` or ``4.5``); empty means not known yet."""
    lang = session.lang

    def to_model(text: str) -> float | None:
        try:
            return _number_from_text(text)
        except ValueError:
            raise ValueError(translate("field.not_a_number", lang, value=text)) from None

    control = widgets.Text(continuous_update=False, layout=widgets.Layout(width="10em"))
    return Field(
        label, control, target, name, session, to_model=to_model, to_control=_number_to_text
    )
