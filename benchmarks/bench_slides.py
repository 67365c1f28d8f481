"""Slide deck, printed map pieces and the projector: how long each takes, how much it sends.

Figures only, no target: a deck of the sample and of a 60-touchpoint workshop (most of
it is resvg drawing the map pictures), the print pieces of a wide map, and one stage
change on the projector measured with a recording comm (messages and bytes per change).
    python benchmarks/bench_slides.py [--touchpoints 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_ms  # noqa: E402
from tests.synthetic import synthetic_workshop  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--touchpoints", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import comm
    import ipycanvas.canvas

    from cjm_widgets.layout import layout_journey
    from cjm_widgets.reports.sections import print_pieces
    from cjm_widgets.reports.slides import deck_bytes
    from cjm_widgets.samples import sample_workshop
    from cjm_widgets.widgets.presentation import PresentationView
    from tests.widget_comm import RecordingComm

    sample = sample_workshop()
    big = synthetic_workshop(args.touchpoints, personas=1)
    for name, ws in (("sample", sample), (f"{args.touchpoints} touchpoints", big)):
        deck_ms, deck = median_ms(lambda ws=ws: deck_bytes(ws), args.repeat)
        size = len(deck) / 1e6  # type: ignore[arg-type]
        print(f"deck of the {name:16} median {deck_ms:8.1f} ms   {size:.1f} MB")
    whole = layout_journey(big, "pe-0")
    pieces_ms, pieces = median_ms(lambda: print_pieces(big, "pe-0", whole, "en"), args.repeat)
    count = len(pieces)  # type: ignore[arg-type]
    print(f"print pieces of a {whole.width:.0f} px map  median {pieces_ms:8.1f} ms   {count} pages")

    comm.create_comm = lambda **kwargs: RecordingComm()
    recording = RecordingComm()
    ipycanvas.canvas._CANVAS_MANAGER.comm = recording
    view = PresentationView(big, "pe-0")

    def change_stage() -> None:
        view.stage = (view.stage + 1) % max(len(view.stages), 1)

    recording.messages.clear()
    stage_ms, _ = median_ms(change_stage, args.repeat)
    sent = recording.custom_messages()
    per_change = len(sent) / args.repeat
    sent_kb = sum(len(buffer) for _, buffers in sent for buffer in buffers) / args.repeat / 1e3
    print(
        f"projector stage change     median {stage_ms:8.1f} ms   "
        f"{per_change:.0f} message(s), {sent_kb:.0f} kB per change"
    )


if __name__ == "__main__":
    main()
