"""The kinds of plugin, and the kit's own of each, registered in code.

Adding a kind is one line in ``KINDS``: its entry point group, a function naming the
kit's own, and the check a plugin's value passes. The kit's own are imported only when
their kind is first used, so importing the package stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..i18n import translate
from .core import Check, Kind

if TYPE_CHECKING:
    from ..model import Workshop
    from ..reports.html import Section
    from ..reports.registered import SectionMaker


def instance_of(kind: type) -> Check:
    """Entry points name a class or a factory; the registry keeps one instance of ``kind``."""

    def check(value: Any) -> Any:
        made = value() if callable(value) and not isinstance(value, kind) else value
        if not isinstance(made, kind):
            raise TypeError(translate("plugins.not_a", kind=kind.__name__))
        return made

    return check


def lane(value: Any) -> Any:
    from ..layout.lane_base import Lane

    return instance_of(Lane)(value)


def exporter(value: Any) -> Any:
    from ..exporters import Exporter

    return instance_of(Exporter)(value)


def section(value: Any) -> Any:
    if not callable(value):
        raise TypeError(translate("plugins.not_callable"))
    return value


def template(value: Any) -> Any:
    from ..templates import template_from_plugin

    return template_from_plugin(value)


def journey(value: Any) -> Any:
    from ..library.journeys import template_from_plugin

    return template_from_plugin(value)


def solutions(value: Any) -> Any:
    from ..library.solutions import solutions_from_plugin

    return solutions_from_plugin(value)


def kit_lanes() -> dict[str, Any]:
    """The map's lanes in the order of the method (each lane's ``order`` places it)."""
    from ..layout import lanes
    from ..layout.measured import measured_lane
    from ..layout.nudges import nudges_lane

    return {
        "stages": lanes.stages_lane, "vision": lanes.vision_lane,
        "actions": lanes.actions_lane, "touchpoints": lanes.touchpoints_lane,
        "thoughts": lanes.thoughts_lane, "emotions": lanes.emotions_lane,
        "measured": measured_lane, "nudges": nudges_lane, "feelings": lanes.feelings_lane,
        "pain_points": lanes.pain_points_lane, "ideas": lanes.ideas_lane,
        "backoffice": lanes.backoffice_lane, "metrics": lanes.metrics_lane,
    }  # fmt: skip


def kit_exporters() -> dict[str, Any]:
    from .. import exporters as kit

    return {
        "csv": kit.CsvExporter, "xlsx": kit.XlsxExporter, "mermaid": kit.MermaidExporter,
        "svg": kit.SvgExporter, "png": kit.PngExporter, "pptx": kit.PptxExporter,
        "schema": kit.SchemaExporter,
    }  # fmt: skip


def _whole_workshop(make: Callable[[Workshop, str | None], Section]) -> SectionMaker:
    """A section about the whole workshop, called like every registered section:
    ``(workshop, persona, lang)``; the persona does not change it."""

    def made(ws: Workshop, persona: str | None = None, lang: str | None = None) -> Section:
        return make(ws, lang)

    made.__module__, made.__doc__ = make.__module__, make.__doc__
    made.__name__, made.__qualname__ = make.__name__, make.__qualname__
    return made


def kit_sections() -> dict[str, Any]:
    """The report's sections: what the kit's templates show, looked up by these names."""
    from ..reports import sections as kit

    whole = _whole_workshop
    return {
        "overview": whole(kit.overview), "persona_cards": kit.persona_cards,
        "vision": whole(kit.vision), "journey_maps": kit.journey_maps,
        "touchpoint_table": kit.touchpoint_table, "emotion_curves": kit.emotion_curves,
        "moments_of_truth": kit.moments_of_truth, "ranked_pain_points": kit.ranked_pain_points,
        "priority_matrix": whole(kit.priority_matrix),
        "approved_actions": whole(kit.approved_actions), "metrics_table": kit.metrics_table,
        "open_questions": kit.open_questions, "findings_summary": whole(kit.findings_summary),
        "rating_sheet": whole(kit.rating_sheet), "measured_journey": kit.measured_journey,
        "conversion_trend": kit.conversion_trend,
        "inspiration_cards": kit.inspiration_cards,
    }  # fmt: skip


def kit_templates() -> dict[str, Any]:
    from .. import templates as kit

    return {
        "report": kit.report_template,
        "followup": kit.followup_template,
        "monitor": kit.monitor_template,
        "inspiration": kit.inspiration_template,
    }


def kit_journeys() -> dict[str, Any]:
    """The journey templates shipped with the kit (``cjm templates``, ``cjm new --from``)."""
    from ..library.journeys import kit_templates as shipped

    return {template.name: template for template in shipped()}


def kit_solutions() -> dict[str, Any]:
    """The kit's solution patterns, one registration per data file (``billing``, ...)."""
    from ..library.solutions import kit_solution_files

    return dict(kit_solution_files())


KINDS: dict[str, Kind] = {
    "lanes": Kind("cjm_widgets.lanes", kit_lanes, lane),
    "exporters": Kind("cjm_widgets.exporters", kit_exporters, exporter),
    "report_sections": Kind("cjm_widgets.report_sections", kit_sections, section),
    "templates": Kind("cjm_widgets.templates", kit_templates, template),
    "journeys": Kind("cjm_widgets.journeys", kit_journeys, journey),
    "solutions": Kind("cjm_widgets.solutions", kit_solutions, solutions),
}
"""Short name -> the kind (``cjm plugins`` lists them in this order)."""


__all__ = ["KINDS", "instance_of"]
