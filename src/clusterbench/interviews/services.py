"""Writes to answers: validated, versioned and audited."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import is_assigned_expert, is_manager
from clusterbench.engagements.workflow import _locked
from clusterbench.errors import StepRefused
from clusterbench.interviews.models import Answer, AnswerChange
from clusterbench.methodology.loader import indicator_spec
from clusterbench.methodology.models import Indicator
from clusterbench.methodology.spec import AnswerError
from clusterbench.methodology.translations import indicator_text
from clusterbench.text import TextError, text_check

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
    try:
        return text_check(
            raw,
            what=_("The evidence for %(code)s") % {"code": indicator.code},
            max_length=EVIDENCE_MAX,
            multiline=True,
        )
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
    if is_assigned_expert(user, benchmarking):
        if benchmarking.status != S.SCHEDULED:
            raise StepRefused(_read_only(benchmarking))
        return answer_record(
            benchmarking=benchmarking,
            code=code,
            raw=raw,
            evidence=evidence,
            user=user,
            expected_version=expected_version,
        )
    if is_manager(user, benchmarking):
        if benchmarking.status not in (S.ACCEPTED, S.SCHEDULED):
            raise StepRefused(
                _(
                    "The self-assessment is open once the quote is accepted and "
                    "until the interview is closed."
                )
            )
        confirmed = benchmarking.answers.filter(indicator__code=code, self_assessed=False).exists()
        if confirmed:
            raise StepRefused(
                f"{code} has been confirmed by the expert; discuss changes in the interview."
            )
        return answer_record(
            benchmarking=benchmarking,
            code=code,
            raw=raw,
            evidence=evidence,
            user=user,
            expected_version=expected_version,
            self_assessed=True,
        )
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
