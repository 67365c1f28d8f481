"""The follow-up's "What changed since the last workshop": the section on its own (no
kernel), and the follow-up template run with ``previous`` through papermill."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjm_widgets import Workshop, editing
from cjm_widgets.cli import main
from cjm_widgets.layout.emotions import layout_emotion_change
from cjm_widgets.reports import render, sections
from cjm_widgets.samples import sample_workshop
from tests.messages import said, saying


def later(ws: Workshop) -> Workshop:
    """The sample two weeks on: a touchpoint feels better, a pain point gone, a new one,
    an idea approved with an owner, a touchpoint dropped and one added."""
    new = Workshop.from_dict(ws.to_dict())
    new.by_id("touchpoints")["tp-signup-bank"].emotion = 4
    editing.remove(new, "pain_points", "pp-bad-word-of-mouth")
    editing.add(new, "pain_points", {"touchpoints": ["tp-signup-bank"], "text": "<b>Too</b> many clicks", "severity": 3})  # fmt: skip
    idea = next(i for i in new.ideas if i.status == "proposed")
    idea.status, idea.owner = "approved", "Kim Nieminen"
    editing.remove(new, "touchpoints", "tp-paper-insert")
    editing.add(new, "touchpoints", {"stage": "st-discover", "channel": new.touchpoints[0].channel,
                                     "title": "Sees an ad", "emotion": 5})  # fmt: skip
    new.revision = ws.revision + 3
    return new


def test_changes_since_shows_curves_resolved_new_and_decisions() -> None:
    old = sample_workshop()
    new = later(old)
    idea = next(i for i in new.ideas if i.owner == "Kim Nieminen")
    page = sections.changes_since(old, new)._repr_html_()
    assert f'<h2 id="changes-since">{said("versions.report.title")}</h2>' in page
    assert 'class="curve-before"' in page and 'class="curve-after"' in page
    assert said("versions.report.before", revision=old.revision) in page
    assert said("versions.report.after", revision=new.revision) in page
    gone = "A bad first month turns customers into critics of e-invoicing"
    assert said("versions.resolved_by.removed", title=gone) in page
    severity = said("versions.severity", value=3)
    assert f"&lt;b&gt;Too&lt;/b&gt; many clicks {severity}" in page and "<b>Too" not in page
    proposed, approved = said("status.proposed"), said("status.approved")
    decision = f"<td>{idea.text}</td><td>{proposed}</td><td>{approved}</td><td>Kim Nieminen</td>"
    assert decision in page


def test_emotion_change_chart_has_a_column_for_every_touchpoint_of_both() -> None:
    old = sample_workshop()
    new = later(old)
    layout = layout_emotion_change(old, new)
    labels = [s.lines for s in layout.shapes if getattr(s, "role", "") == "touchpoint-label"]
    titles = [" ".join(lines) for lines in labels]
    assert any("Sees an ad" in t for t in titles)  # only in the new version
    assert any("Leaflet in the paper" in t for t in titles)  # only in the old one
    before = [s for s in layout.shapes if getattr(s, "role", "") == "point-before"]
    after = [s for s in layout.shapes if getattr(s, "role", "") == "point-after"]
    assert "tp-paper-insert" in {p.ref for p in before} - {p.ref for p in after}
    assert "tp-sees-an-ad" in {p.ref for p in after} - {p.ref for p in before}


def test_changes_since_in_finnish() -> None:
    old = sample_workshop()
    page = sections.changes_since(old, later(old), lang="fi")._repr_html_()
    for key in ("versions.report.title", "versions.report.resolved", "versions.report.decisions"):
        assert said(key, "fi") in page and said(key) not in page


@pytest.mark.slow
def test_followup_with_previous_through_papermill(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = sample_workshop()
    old_path = old.save(tmp_path / "first.cjm.json")
    new_path = later(old).save(tmp_path / "second.cjm.json")
    out = tmp_path / "out"
    code = main(["report", str(new_path), "--template", "followup", "--previous", str(old_path),
                 "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    page = (out / "second-followup.html").read_text(encoding="utf-8")
    assert f'<a href="#changes-since">{said("versions.report.title")}</a>' in page
    assert 'class="curve-before"' in page and "Too</b>" not in page
    # without --previous the follow-up has no such section
    (outcome,) = render(new_path, template="followup", out=tmp_path / "plain")
    assert outcome.ok and "changes-since" not in (
        tmp_path / "plain" / "second-followup.html"
    ).read_text(encoding="utf-8")


def test_a_broken_previous_is_refused_before_any_kernel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_path = sample_workshop().save(tmp_path / "second.cjm.json")
    broken = tmp_path / "first.cjm.json"
    broken.write_text("{not json", encoding="utf-8")
    code = main(["report", str(new_path), "--template", "followup", "--previous", str(broken)])
    assert code == 1
    assert re.search(saying("store.not_json", path=broken), capsys.readouterr().err)
    assert not list(tmp_path.glob("*.html"))
