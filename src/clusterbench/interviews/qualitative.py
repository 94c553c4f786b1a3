"""The qualitative part of a benchmarking ("beyond the numbers", METHODOLOGY section 8):
its topics and the record the report reads. Pure Python, no Django.

A topic is a key: "strategy", "business_model", one megatrend ("digital", "green",
"social"), "observation-<area code>" (the expert's observation on an area) or "story-<n>"
(the n-th success story, n from 1 to STORIES_MAX, kept in that order).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

STRATEGY, BUSINESS_MODEL = "strategy", "business_model"
MEGATRENDS = {
    # Marked for the catalogue only: the report reads these in English for now.
    "digital": gettext_noop("Digital transformation"),
    "green": gettext_noop("Green transition"),
    "social": gettext_noop("Social economy"),
}
OBSERVATION, STORY = "observation-", "story-"
STORIES_ASKED = 3  # the methodology asks the cluster to prepare about three
STORIES_MAX = 6


@dataclass(frozen=True)
class Story:
    """A success story the cluster prepared for the interview (METHODOLOGY section 8)."""

    title: str
    year: int | None
    partners: str
    outcome: str


@dataclass(frozen=True)
class Qualitative:
    """The qualitative part of the interview, as the report reads it; every part may be
    empty, and the report shows only the parts that were recorded."""

    strategy: str = ""
    business_model: str = ""
    megatrends: dict[str, str] = field(default_factory=dict)  # digital | green | social
    observations: dict[str, str] = field(default_factory=dict)  # area code -> observation
    stories: tuple[Story, ...] = ()

    def __bool__(self) -> bool:
        return any(
            (self.strategy, self.business_model, self.megatrends, self.observations, self.stories)
        )


def topic_is_story(topic: str) -> bool:
    return topic.startswith(STORY)


def story_number(topic: str) -> int:
    return int(topic.removeprefix(STORY))


def topics_of(area_codes: list[str]) -> list[str]:
    """Every topic of a framework with these areas, in the order the workspace shows them."""
    return [
        STRATEGY,
        BUSINESS_MODEL,
        *MEGATRENDS,
        *(f"{OBSERVATION}{code}" for code in area_codes),
        *(f"{STORY}{n}" for n in range(1, STORIES_MAX + 1)),
    ]


def topic_name(topic: str, area_names: dict[str, str]) -> str:
    """The topic as a person reads it, for messages and the audit trail."""
    if topic == STRATEGY:
        return "The strategy"
    if topic == BUSINESS_MODEL:
        return "The business model"
    if topic in MEGATRENDS:
        return f"The megatrend {MEGATRENDS[topic].lower()}"
    if topic.startswith(OBSERVATION):
        code = topic.removeprefix(OBSERVATION)
        return f"The observation on area {code} ({area_names.get(code, code)})"
    return f"Success story {story_number(topic)}"
