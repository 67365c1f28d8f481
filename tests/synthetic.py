"""Large synthetic workshops for benchmarks: realistic shape, deterministic content."""

from __future__ import annotations

import random

from cjm_widgets import Workshop


def synthetic_workshop(
    touchpoints: int, personas: int = 4, stages: int = 8, seed: int = 7
) -> Workshop:
    """A valid workshop with ``touchpoints`` touchpoints spread over personas and stages."""
    rng = random.Random(seed)
    channel_kinds = ["digital", "physical", "human"]
    document = {
        "title": f"Synthetic journey with {touchpoints} touchpoints",
        "organisation": "Benchmark Oy",
        "personas": [
            {
                "id": f"pe-{i}",
                "name": f"Persona {i}",
                "goals": [f"Goal {j} of persona {i}" for j in range(3)],
                "needs": [f"Need {j}" for j in range(3)],
                "feelings": [{"text": "Hope", "valence": "positive"}],
            }
            for i in range(personas)
        ],
        "stages": [{"id": f"st-{i}", "name": f"Stage {i}"} for i in range(stages)],
        "channels": [
            {"id": f"ch-{i}", "name": f"Channel {i}", "kind": channel_kinds[i % 3]}
            for i in range(10)
        ],
        "touchpoints": [
            {
                "id": f"tp-{i}",
                "persona": f"pe-{i % personas}",
                "stage": f"st-{rng.randrange(stages)}",
                "channel": f"ch-{rng.randrange(10)}",
                "order": i,
                "title": f"Touchpoint {i}: the customer does something worth noting",
                "action": "Opens the message and reads the first lines carefully",
                "thought": "Is this what I expected to see here?",
                "emotion": rng.randint(1, 5),
                "feeling": "curious",
                "moment_of_truth": i % 17 == 0,
                "backoffice": {
                    "processes": ["Process A", "Process B"],
                    "systems": ["CRM"],
                    "department": "Service",
                },
            }
            for i in range(touchpoints)
        ],
        "pain_points": [
            {
                "id": f"pp-{i}",
                "touchpoints": [f"tp-{i * 5}", f"tp-{i * 5 + 1}"],
                "text": f"Pain {i}",
                "severity": rng.randint(1, 5),
            }
            for i in range(touchpoints // 5)
        ],
        "ideas": [
            {
                "id": f"idea-{i}",
                "text": f"Idea {i}",
                "pain_points": [f"pp-{i}"],
                "effort": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
            }
            for i in range(touchpoints // 10)
        ],
        "metrics": [
            {
                "id": f"me-{i}",
                "touchpoint": f"tp-{i * 10}",
                "name": f"Metric {i}",
                "kind": "csat",
                "baseline": 3.0,
                "target": 4.0,
                "actual": 3.5,
            }
            for i in range(touchpoints // 10)
        ],
    }
    return Workshop.from_dict(document)
