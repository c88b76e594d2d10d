"""Small topic fixtures written out in full, for the fixture and importer tests."""

import copy
import json


def card(key: str, **fields) -> dict:
    base = {
        "key": key,
        "kind": "scenario",
        "domain": 1,
        "section": 1,
        "position": 0,
        "prompt": f"Cue for {key}",
        "answer": f"Answer for {key}",
        "explanation": "",
        "verdict": "",
        "source": f'"Cue for {key}" → Answer for {key}',
        "sibling": "",
        "table": {},
    }
    return base | fields


def topic_fixture(*cards: dict, slug: str = "demo") -> dict:
    cards = cards or (
        card("scenario-a", position=0),
        card(
            "trap-b",
            kind="trap",
            position=1,
            prompt="SQS Standard guarantees ordering",
            answer="FALSE",
            verdict="FALSE",
            explanation="Only FIFO queues keep order.",
        ),
        card(
            "table-c",
            kind="table",
            section=2,
            position=2,
            prompt="Feature: Cost — HTTP API?",
            answer="~70% cheaper",
            sibling="row-cost",
            table={
                "header": ["Feature", "REST API", "HTTP API"],
                "row": ["Cost", "Higher", "~70% cheaper"],
                "hidden": 2,
            },
        ),
    )
    return {
        "format": "spacecards-topic",
        "version": 1,
        "topic": {"slug": slug, "title": "Demo topic", "source": "demo.md"},
        "domains": [
            {
                "number": 1,
                "title": "Build things",
                "weight": 60,
                "sections": [{"position": 1, "title": "Queues"}, {"position": 2, "title": "APIs"}],
            },
            {"number": 2, "title": "Run things", "weight": 40, "sections": []},
        ],
        "cards": [copy.deepcopy(c) for c in cards],
    }


def as_text(data: dict) -> str:
    return json.dumps(data, indent=1)
