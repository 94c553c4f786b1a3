"""The eligibility baseline (METHODOLOGY section 5): which conditions a benchmarking misses."""

from dataclasses import dataclass
from decimal import Decimal

from clusterbench.methodology.spec import FrameworkSpec


@dataclass(frozen=True)
class EligibilityFailure:
    indicator: str
    requirement: str
    value: Decimal | None  # None: the answer was "not known", so the condition is unproven

    @property
    def reason(self) -> str:
        if self.value is None:
            return f"{self.requirement}: the answer to {self.indicator} is not known"
        return f"{self.requirement}: {self.indicator} is {format(self.value.normalize(), 'f')}"


def eligibility_failures(
    framework: FrameworkSpec, values: dict[str, Decimal | None]
) -> list[EligibilityFailure]:
    """The baseline conditions not met; an empty list means eligible."""
    failures = []
    for condition in framework.eligibility:
        value = values.get(condition.indicator)
        if value is None or value < condition.threshold:
            failures.append(EligibilityFailure(condition.indicator, condition.requirement, value))
    return failures
