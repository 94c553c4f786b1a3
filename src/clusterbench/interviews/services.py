"""Writes to answers and the qualitative part: validated, versioned and audited."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import is_assigned_expert, is_manager
from clusterbench.engagements.workflow import _locked
from clusterbench.errors import StepRefused
from clusterbench.interviews.models import Answer, AnswerChange, QualitativeChange, QualitativeEntry
from clusterbench.interviews.qualitative import OBSERVATION, topic_is_story, topic_name, topics_of
from clusterbench.methodology.loader import indicator_spec
from clusterbench.methodology.models import Indicator
from clusterbench.methodology.spec import AnswerError
from clusterbench.methodology.translations import indicator_text
from clusterbench.text import TextError, report_text_check, text_check

NOT_KNOWN = "not known"
EVIDENCE_MAX = 5000  # characters of an evidence note
S = Benchmarking.Status


class AnswerConflict(Exception):
    """The answer changed since the editor loaded it; carries the current answer (an unsaved
    one at version 0 when the editor saw an answer that does not exist)."""

    def __init__(self, current: Answer):
        super().__init__(f"{current.indicator.code} was changed meanwhile")
        self.current = current


def answer_parse(*, indicator: Indicator, raw: object) -> Decimal | None:
    """The value an input stands for: None for "not known", else a checked Decimal."""
    if isinstance(raw, str) and raw.strip().lower() == NOT_KNOWN:
        return None
    try:
        name = indicator_text(indicator.framework.version, indicator.code, "name", indicator.name)
        return indicator_spec(indicator).validate(raw, name=name)
    except AnswerError as exc:
        raise ValidationError({indicator.code: str(exc)}) from None


def evidence_check(*, indicator: Indicator, raw: object) -> str:
    """The evidence note, refused (never cut) when it is too long or holds characters
    that cannot be stored."""
    what = _("The evidence for %(code)s") % {"code": indicator.code}
    try:
        text = text_check(raw, what=what, max_length=EVIDENCE_MAX, multiline=True)
        return report_text_check(text, what=what)  # the report's annex prints it
    except TextError as exc:
        raise ValidationError({indicator.code: str(exc)}) from None


def answer_shown(value: Decimal | None, not_known: bool) -> str:
    if not_known:
        return NOT_KNOWN
    return "" if value is None else format(value.normalize(), "f")


@transaction.atomic
def answer_record(
    *,
    benchmarking: Benchmarking,
    code: str,
    raw: object,
    evidence: str = "",
    user=None,
    expected_version: int | None = None,
    self_assessed: bool = False,
) -> Answer:
    """Store one answer (value or "not known") for an asked indicator, with its audit entry.

    expected_version is the version the editor saw (0: no answer yet); a different current
    version raises AnswerConflict instead of silently overwriting someone else's change.
    """
    indicator = benchmarking.framework.indicators.filter(code=code).select_related("area").first()
    if indicator is None:
        raise ValidationError(
            {code: f"{code} is not an indicator of framework {benchmarking.framework.version}."}
        )
    value = answer_parse(indicator=indicator, raw=raw)
    evidence = evidence_check(indicator=indicator, raw=evidence)
    answer = (
        Answer.objects.select_for_update()
        .select_related("indicator")
        .filter(benchmarking=benchmarking, indicator=indicator)
        .first()
    )
    current_version = answer.version if answer else 0
    if expected_version is not None and expected_version != current_version:
        raise AnswerConflict(
            answer or Answer(benchmarking=benchmarking, indicator=indicator, version=0)
        )
    old = answer_shown(answer.value, answer.not_known) if answer else ""
    old_evidence = answer.evidence if answer else ""
    if answer is None:
        answer = Answer(benchmarking=benchmarking, indicator=indicator, version=0)
    answer.value, answer.not_known = value, value is None
    answer.evidence = evidence
    answer.answered_by, answer.answered_at = user, timezone.now()
    answer.self_assessed = self_assessed
    answer.version = current_version + 1
    answer.save()
    AnswerChange.objects.create(
        benchmarking=benchmarking,
        indicator=indicator,
        changed_by=user,
        old_value=old,
        new_value=answer_shown(value, value is None),
        old_evidence=old_evidence,
        new_evidence=answer.evidence,
        version=answer.version,
    )
    return answer


@transaction.atomic
def answer_save(
    *,
    user,
    benchmarking: Benchmarking,
    code: str,
    raw: object,
    evidence: str,
    expected_version: int,
) -> Answer:
    """An answer entered in the interview workspace (expert) or the self-assessment
    (cluster manager, before the interview).

    The step is read under the engagement's row lock, the one closing the interview
    takes, so no answer lands after the interview was closed.
    """
    benchmarking = _locked(benchmarking)
    confirmed = benchmarking.answers.filter(indicator__code=code, self_assessed=False).exists()
    self_assessed = _entry_role(user, benchmarking, confirmed=confirmed, what=code)
    return answer_record(
        benchmarking=benchmarking,
        code=code,
        raw=raw,
        evidence=evidence,
        user=user,
        expected_version=expected_version,
        self_assessed=self_assessed,
    )


def _entry_role(user, benchmarking: Benchmarking, *, confirmed: bool, what: str) -> bool:
    """Whether this user's entry is self-assessed (the cluster manager before the
    interview) rather than the expert's; StepRefused when they may not enter it now.
    Shared by answers and the qualitative part, so both follow the same rules."""
    if is_assigned_expert(user, benchmarking):
        if benchmarking.status != S.SCHEDULED:
            raise StepRefused(_read_only(benchmarking))
        return False
    if is_manager(user, benchmarking):
        if benchmarking.status not in (S.ACCEPTED, S.SCHEDULED):
            raise StepRefused(
                _(
                    "The self-assessment is open once the quote is accepted and "
                    "until the interview is closed."
                )
            )
        if confirmed:
            raise StepRefused(
                f"{what} has been confirmed by the expert; discuss changes in the interview."
            )
        return True
    raise StepRefused(
        _(
            "Only the assigned expert, or a manager of the cluster before the "
            "interview, can enter answers."
        )
    )


def _read_only(benchmarking: Benchmarking) -> str:
    if benchmarking.status in (S.REQUESTED, S.QUOTED, S.ACCEPTED):
        return "The interview workspace opens once the interview time is confirmed."
    return "The interview is closed and its answers are read-only; the secretariat can re-open it."


# The qualitative part: saved exactly like answers (versions, conflicts, audit, the
# manager's pre-fill confirmed by the expert), one topic at a time.

TOPIC_TEXT_MAX = 5000  # characters of a strategy, megatrend, observation or story outcome
STORY_TITLE_MAX = 200
STORY_PARTNERS_MAX = 500
STORY_YEAR_FIRST = 1950


class TopicConflict(Exception):
    """The topic changed since the editor loaded it; carries the current entry (an unsaved
    one at version 0 when the editor saw an entry that does not exist)."""

    def __init__(self, current: QualitativeEntry):
        super().__init__(f"{current.topic} was changed meanwhile")
        self.current = current


def _topic_names(benchmarking: Benchmarking) -> dict[str, str]:
    """topic -> its name as a person reads it, for this benchmarking's framework."""
    area_names = dict(benchmarking.framework.areas.values_list("code", "name"))
    return {t: topic_name(t, area_names) for t in topics_of(list(area_names))}


def topic_fields_check(*, topic: str, name: str, raw: object) -> dict:
    """The checked fields of a topic (text; or title, year, partners and outcome for a
    success story), or ValidationError naming the field and the problem. Nothing is cut."""
    if not isinstance(raw, dict):
        raise ValidationError({topic: f"{name}: the fields must be a JSON object."})
    expected = {"title", "year", "partners", "outcome"} if topic_is_story(topic) else {"text"}
    unknown = set(raw) - expected
    if unknown:
        raise ValidationError(
            {
                topic: f"{name} has no field {', '.join(sorted(unknown))}; "
                f"expected {', '.join(sorted(expected))}."
            }
        )

    # Each field is printed by the report, so it is checked against its fonts too.
    def checked(key: str, what: str, max_length: int, multiline: bool = False) -> str:
        text = text_check(raw.get(key, ""), what=what, max_length=max_length, multiline=multiline)
        return report_text_check(text, what=what)

    try:
        if not topic_is_story(topic):
            return {"text": checked("text", name, TOPIC_TEXT_MAX, multiline=True)}
        return {
            "title": checked("title", f"The title of {name.lower()}", STORY_TITLE_MAX),
            "year": _story_year(raw.get("year", ""), name),
            "partners": checked("partners", f"The partners of {name.lower()}", STORY_PARTNERS_MAX),
            "outcome": checked(
                "outcome", f"The outcome of {name.lower()}", TOPIC_TEXT_MAX, multiline=True
            ),
        }
    except TextError as exc:
        raise ValidationError({topic: str(exc)}) from None


def _story_year(raw: object, name: str) -> int | None:
    last = timezone.localdate().year
    wrong = TextError(
        f"The year of {name.lower()} must be a year from {STORY_YEAR_FIRST} to {last}, or empty."
    )
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise wrong
    if isinstance(raw, str):
        digits = raw.strip()
        # More digits than the last year has is no year; int() of thousands of them fails.
        too_long = len(digits.lstrip("0")) > len(str(last))
        if not digits.isascii() or not digits.isdigit() or too_long:
            raise wrong
        raw = int(digits)
    if not isinstance(raw, int) or not STORY_YEAR_FIRST <= raw <= last:
        raise wrong
    return raw


def _entry_fields_set(entry: QualitativeEntry, fields: dict) -> None:
    if topic_is_story(entry.topic):
        entry.title, entry.year = fields["title"], fields["year"]
        entry.partners, entry.text = fields["partners"], fields["outcome"]
    else:
        entry.text = fields["text"]


@transaction.atomic
def topic_record(
    *,
    benchmarking: Benchmarking,
    topic: str,
    fields: object,
    user=None,
    expected_version: int | None = None,
    self_assessed: bool = False,
) -> QualitativeEntry:
    """Store one topic of the qualitative part, with its audit entry; expected_version as
    for answer_record (a different current version raises TopicConflict)."""
    names = _topic_names(benchmarking)
    if topic not in names:
        raise ValidationError(
            {
                topic: f"{topic} is not a topic of the qualitative part: expected one of "
                f"{', '.join(names)}."
            }
        )
    checked = topic_fields_check(topic=topic, name=names[topic], raw=fields)
    entry = (
        QualitativeEntry.objects.select_for_update()
        .filter(benchmarking=benchmarking, topic=topic)
        .first()
    )
    current_version = entry.version if entry else 0
    if expected_version is not None and expected_version != current_version:
        raise TopicConflict(
            entry or QualitativeEntry(benchmarking=benchmarking, topic=topic, version=0)
        )
    old = entry.fields() if entry else {}
    if entry is None:
        entry = QualitativeEntry(benchmarking=benchmarking, topic=topic, version=0)
    _entry_fields_set(entry, checked)
    entry.entered_by, entry.entered_at = user, timezone.now()
    entry.self_assessed = self_assessed
    entry.version = current_version + 1
    entry.save()
    QualitativeChange.objects.create(
        benchmarking=benchmarking,
        topic=topic,
        changed_by=user,
        old=old,
        new=entry.fields(),
        version=entry.version,
    )
    return entry


@transaction.atomic
def topic_save(
    *, user, benchmarking: Benchmarking, topic: str, fields: object, expected_version: int
) -> QualitativeEntry:
    """A topic entered in the interview workspace (expert) or pre-filled in the
    self-assessment (cluster manager): the same rules and lock as answer_save."""
    benchmarking = _locked(benchmarking)
    confirmed = benchmarking.qualitative_entries.filter(topic=topic, self_assessed=False).exists()
    name = _topic_names(benchmarking).get(topic, topic)
    self_assessed = _entry_role(user, benchmarking, confirmed=confirmed, what=name)
    if self_assessed and topic.startswith(OBSERVATION):
        raise StepRefused(f"{name} is the expert's own; the self-assessment leaves it out.")
    return topic_record(
        benchmarking=benchmarking,
        topic=topic,
        fields=fields,
        user=user,
        expected_version=expected_version,
        self_assessed=self_assessed,
    )
