"""Writes to benchmarkings and their answers."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clusterbench.methodology.loader import indicator_spec
from clusterbench.methodology.models import Indicator
from clusterbench.methodology.spec import AnswerError

from .models import Answer, Benchmarking

NOT_KNOWN = "not known"


def answer_parse(*, indicator: Indicator, raw: object) -> Decimal | None:
    """The value an input stands for: None for "not known", else a checked Decimal."""
    if isinstance(raw, str) and raw.strip().lower() == NOT_KNOWN:
        return None
    try:
        return indicator_spec(indicator).validate(raw)
    except AnswerError as exc:
        raise ValidationError({indicator.code: str(exc)}) from None


@transaction.atomic
def answer_record(
    *, benchmarking: Benchmarking, code: str, raw: object, evidence: str = "", user=None
) -> Answer:
    """Store one answer (value or "not known") for an asked indicator of the benchmarking."""
    indicator = benchmarking.framework.indicators.filter(code=code).first()
    if indicator is None:
        raise ValidationError(
            {code: f"{code} is not an indicator of framework {benchmarking.framework.version}."}
        )
    value = answer_parse(indicator=indicator, raw=raw)
    answer, _ = Answer.objects.update_or_create(
        benchmarking=benchmarking,
        indicator=indicator,
        defaults={
            "value": value,
            "not_known": value is None,
            "evidence": evidence,
            "answered_by": user,
            "answered_at": timezone.now(),
        },
    )
    return answer
