"""An example cjm-widgets plugin: a Jira CSV exporter and a survey score lane."""

from .jira import JiraCsvExporter
from .survey import SurveyScoreLane, store_scores, survey_section

__all__ = ["JiraCsvExporter", "SurveyScoreLane", "store_scores", "survey_section"]
