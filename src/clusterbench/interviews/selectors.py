"""Reads of the interview: the qualitative part as the report uses it."""

from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.qualitative import (
    BUSINESS_MODEL,
    MEGATRENDS,
    OBSERVATION,
    STRATEGY,
    Qualitative,
    Story,
    story_number,
    topic_is_story,
)


def qualitative_of(benchmarking: Benchmarking) -> Qualitative:
    """The confirmed qualitative part of a benchmarking: what the expert saved or
    confirmed. A manager's pre-fill the expert has not confirmed (self_assessed) never
    reaches the report, nor do empty topics or success stories without a title. Stories
    keep their numbers' order."""
    entries = [
        e for e in benchmarking.qualitative_entries.filter(self_assessed=False) if e.text or e.title
    ]
    texts = {e.topic: e.text for e in entries if not topic_is_story(e.topic) and e.text}
    stories = sorted(
        (e for e in entries if topic_is_story(e.topic) and e.title),
        key=lambda e: story_number(e.topic),
    )
    area_order = list(benchmarking.framework.areas.values_list("code", flat=True))
    return Qualitative(
        strategy=texts.get(STRATEGY, ""),
        business_model=texts.get(BUSINESS_MODEL, ""),
        megatrends={key: texts[key] for key in MEGATRENDS if key in texts},
        observations={
            code: texts[f"{OBSERVATION}{code}"]
            for code in area_order
            if f"{OBSERVATION}{code}" in texts
        },
        stories=tuple(
            Story(title=e.title, year=e.year, partners=e.partners, outcome=e.text) for e in stories
        ),
    )
