"""The library's costs and the suggestions' quality on the kit's own journey templates.

Prints the import time of ``cjm_widgets.library`` over the model and store, the time to
build each language's index (stemming every solution once), a warm ``suggest`` per
template, and how often a pain point's own problem kind is among the top 1 and top 3.
    python benchmarks/library.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HELD_OUT = {
    "unclear-bill": (
        "Customers cannot tell which of the three charges on the bill is the network fee",
        "Kunderna kan inte avgöra vilken av de tre avgifterna på fakturan som är nätavgiften",
    ),
    "missing-information": (
        "Nobody tells the customer when the technician will come",
        "Ingen berättar för kunden när teknikern kommer",
    ),
    "hard-to-find": (
        "The cancellation form is buried three levels deep on the website",
        "Uppsägningsformuläret ligger gömt tre nivåer ner på webbplatsen",
    ),
    "manual-work": (
        "Customers must print, sign and scan the direct debit form",
        "Kunden måste skriva ut, skriva under och skanna autogiroblanketten",
    ),
    "slow-payment": (
        "Refunds of the deposit take six weeks to arrive",
        "Återbetalningen av depositionen tar sex veckor",
    ),
    "failure-demand": (
        "Customers call back to check whether their meter reading was received",
        "Kunderna ringer igen för att kontrollera om mätarställningen kommit fram",
    ),
    "long-wait": (
        "Chat answers come after 40 minutes in the evening",
        "Svaren i chatten kommer efter 40 minuter på kvällen",
    ),
    "broken-digital": (
        "The app logs customers out in the middle of the payment",
        "Appen loggar ut kunden mitt i betalningen",
    ),
    "late-delivery": (
        "The welcome pack arrives after the first bill",
        "Välkomstpaketet kommer efter den första fakturan",
    ),
    "channel-switch": (
        "To change the due date customers have to phone during office hours",
        "För att ändra förfallodagen måste kunden ringa under kontorstid",
    ),
    "unfair-fee": (
        "A fee is charged for paying at the service desk",
        "Det tas ut en avgift för att betala i kassan",
    ),
    "bill-shock": (
        "The annual settlement bill is twice the usual amount with no warning",
        "Årsavräkningen är dubbelt så stor som vanligt utan förvarning",
    ),
    "low-trust": (
        "Older customers are afraid the text message with a payment link is a scam",
        "Äldre kunder är rädda att sms:et med betallänken är ett bedrägeri",
    ),
    "payment-difficulty": (
        "Customers who lose their job cannot find a way to postpone payments",
        "Kunder som blir arbetslösa hittar inget sätt att skjuta upp betalningar",
    ),
    "wrong-data": (
        "Bills go to the old address after the customer moved",
        "Fakturorna går till den gamla adressen efter att kunden flyttat",
    ),
}
"""Pain points written after the keywords were settled and never tuned against (en, sv):
an honest check of how the matching carries beyond the kit's own templates."""

IMPORT = (
    "import time; import cjm_widgets.workshop; t = time.perf_counter(); "
    "import cjm_widgets.library; print(time.perf_counter() - t)"
)


def main() -> None:
    seconds = subprocess.run(
        [sys.executable, "-c", IMPORT], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    print(f"import cjm_widgets.library after the model and store: {float(seconds) * 1000:.0f} ms")

    from cjm_widgets.library import LIBRARY_LANGUAGES, journey_templates, kit_library, suggest
    from cjm_widgets.library.matcher import language_index

    library = kit_library()
    for lang in LIBRARY_LANGUAGES:
        start = time.perf_counter()
        language_index(library, lang)
        print(f"index {lang}: {(time.perf_counter() - start) * 1000:.0f} ms")

    hits = {1: 0, 3: 0}
    pains = 0
    for name, template in journey_templates().items():
        for lang in template.languages:
            workshop = template.workshop(lang)
            start = time.perf_counter()
            rows = suggest(workshop, top=3)
            took = time.perf_counter() - start
            if lang == "en":
                count = len(workshop.pain_points)
                print(f"suggest {name} ({count} pain points): {took * 1000:.1f} ms")
            for pain in workshop.pain_points:
                kind = template.pain_kinds.get(pain.id)
                mine = [row for row in rows if row.pain_point_id == pain.id]
                pains += 1
                hits[1] += bool(mine) and kind in mine[0].tags
                hits[3] += any(kind in row.tags for row in mine)
    for top, count in hits.items():
        share = f"{count}/{pains} ({count / pains:.1%})"
        print(f"templates, own problem kind in the top {top}: {share}")
    held_out()


def held_out() -> None:
    """The HELD_OUT pain points, one workshop per language, each at one web touchpoint."""
    from cjm_widgets.library import suggest as run
    from cjm_widgets.model import Workshop

    for position, lang in enumerate(("en", "sv")):
        workshop = Workshop.from_dict(
            {
                "title": "Held out",
                "language": lang,
                "stages": [{"id": "st-1", "name": "1"}],
                "channels": [{"id": "ch-web", "name": "Web"}],
                "touchpoints": [{"id": "tp-1", "stage": "st-1", "channel": "ch-web", "title": "-"}],
                "pain_points": [
                    {"id": f"pp-{kind}", "touchpoints": ["tp-1"], "text": texts[position]}
                    for kind, texts in HELD_OUT.items()
                ],
            }
        )
        rows = run(workshop, top=3)
        top1 = sum(
            row.rank == 1 and row.pain_point_id.removeprefix("pp-") in row.tags for row in rows
        )
        top3 = len(
            {row.pain_point_id for row in rows if row.pain_point_id.removeprefix("pp-") in row.tags}
        )
        print(f"held out ({lang}): own kind in the top 1 {top1}/15, in the top 3 {top3}/15")


if __name__ == "__main__":
    main()
