"""The app lays the map out once in the background while it opens, so the first click on
"Map" finds the journey laid out, every text of it measured and wrapped."""

from __future__ import annotations

import threading
from typing import Any

from cjm_widgets import Workshop
from cjm_widgets.layout import MapOptions, layout_journey
from cjm_widgets.layout.blocks import _text_block as measured_blocks
from cjm_widgets.layout.live_journey import LiveJourney
from cjm_widgets.layout.warm_up import taken, warm_up
from cjm_widgets.render.svg import to_svg


def test_after_the_warm_up_the_map_measures_no_text_again(sample: Workshop) -> None:
    measured_blocks.cache_clear()
    warm_up(sample, "pe-maija", "fi", MapOptions().in_language("fi")).join(timeout=60)
    measured = measured_blocks.cache_info().misses
    assert measured > 100  # every card, note and label of Maija's map
    svg = to_svg(
        layout_journey(sample, "pe-maija", lang="fi", options=MapOptions().in_language("fi"))
    )
    assert measured_blocks.cache_info().misses == measured  # all found ready
    assert "Maija" in svg


def test_a_warm_up_that_fails_stays_quiet_and_the_map_still_draws(
    sample: Workshop, monkeypatch: Any
) -> None:
    raised: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))

    def fails(self: LiveJourney, *args: Any, **kwargs: Any) -> None:
        self._key = ("laid out", "half way")  # then the journey changed under it
        raise ValueError("an edit came in while the warm-up read the journey")

    options = MapOptions()
    with monkeypatch.context() as patched:
        patched.setattr(LiveJourney, "layout", fails)
        warm_up(sample, "pe-maija", "en", options).join(timeout=60)
    assert raised == []
    live = taken(sample, "pe-maija", options)  # the half-done layout is not taken up
    assert live._key is None
    laid = live.layout(sample, "pe-maija", lang="en", options=options)
    assert "<svg" in to_svg(laid)
    assert laid.shapes == layout_journey(sample, "pe-maija", lang="en", options=options).shapes
