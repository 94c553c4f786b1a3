from decimal import Decimal

from clusterbench.analysis.eligibility import eligibility_failures

ELIGIBLE = {"M2": Decimal("0.5"), "S1": Decimal(15), "S2": Decimal(2), "C3": Decimal(2)}


class TestEligibilityBaseline:
    def test_meeting_every_threshold_exactly_is_eligible(self, framework_spec):
        assert eligibility_failures(framework_spec, ELIGIBLE) == []

    def test_each_missed_condition_is_named_with_the_value(self, framework_spec):
        values = {**ELIGIBLE, "M2": Decimal("0.4"), "C3": Decimal(1)}
        failures = eligibility_failures(framework_spec, values)
        assert [f.indicator for f in failures] == ["M2", "C3"]
        assert failures[0].reason.endswith(": M2 is 0.4")

    def test_not_known_fails_the_condition(self, framework_spec):
        failures = eligibility_failures(framework_spec, {**ELIGIBLE, "S1": None})
        assert failures[0].reason.endswith("the answer to S1 is not known")
