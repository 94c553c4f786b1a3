import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from clusterbench.methodology.loader import (
    bundled_framework_files,
    framework_load,
    framework_read_file,
    framework_spec,
)
from clusterbench.methodology.models import Criterion, Framework, Indicator
from clusterbench.methodology.spec import FrameworkError, parse_framework

BUNDLED = bundled_framework_files()[0]


def bundled_data() -> dict:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "framework.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class TestTheBundledFramework:
    def test_it_has_the_six_areas_and_36_indicators(self):
        spec, _ = framework_read_file(BUNDLED)
        assert [a.name for a in spec.areas] == [
            "Structure",
            "Management & governance",
            "Financing",
            "Services & strategy",
            "Communication",
            "Achievements & recognition",
        ]
        assert len(spec.indicators) == 36
        assert len(spec.asked) == 34
        assert {i.code for i in spec.indicators if i.kind == "derived"} == {"M3", "F2"}

    def test_it_has_the_31_ecei_criteria_of_which_28_are_assessable(self):
        spec, _ = framework_read_file(BUNDLED)
        assert len(spec.criteria) == 31
        assert sum(not c.audit_only for c in spec.criteria) == 28
        assert {c.code for c in spec.criteria if c.audit_only} == {"4.1.1", "4.1.4", "4.2"}

    def test_it_has_the_eligibility_baseline(self):
        spec, _ = framework_read_file(BUNDLED)
        assert [(e.indicator, e.threshold) for e in spec.eligibility] == [
            ("M2", Decimal("0.5")),
            ("S1", Decimal(15)),
            ("S2", Decimal(2)),
            ("C3", Decimal(2)),
        ]

    def test_every_asked_indicator_has_a_question_and_help(self):
        spec, _ = framework_read_file(BUNDLED)
        for indicator in spec.asked:
            assert indicator.question.endswith("?"), indicator.code
            assert indicator.help, indicator.code


@pytest.mark.django_db
class TestLoading:
    def test_it_stores_every_part(self):
        framework, created = framework_load(path=BUNDLED)
        assert created
        assert framework.areas.count() == 6
        assert framework.indicators.count() == 36
        assert framework.criteria.count() == 31
        assert framework.eligibility.count() == 4
        assert Criterion.objects.get(framework=framework, code="2.2.1").indicator.code == "M2"

    def test_it_reads_back_the_same_spec_it_parsed(self):
        framework, _ = framework_load(path=BUNDLED)
        parsed, _ = framework_read_file(BUNDLED)
        assert framework_spec(framework) == parsed

    def test_loading_the_same_file_again_changes_nothing(self):
        first, _ = framework_load(path=BUNDLED)
        again, created = framework_load(path=BUNDLED)
        assert not created
        assert again.pk == first.pk
        assert Indicator.objects.count() == 36

    def test_a_new_version_is_loaded_beside_the_old_one(self, tmp_path):
        old, _ = framework_load(path=BUNDLED)
        data = bundled_data()
        data["version"] = "2027.1"
        data["indicators"][0]["name"] = "Committed participants (revised)"
        new, created = framework_load(path=write(tmp_path, data))
        assert created
        assert Framework.objects.count() == 2
        assert old.indicators.get(code="S1").name == "Committed cluster participants"
        assert new.indicators.get(code="S1").name == "Committed participants (revised)"

    def test_a_changed_file_under_a_loaded_version_is_refused(self, tmp_path):
        framework_load(path=BUNDLED)
        data = bundled_data()
        data["indicators"][0]["name"] = "Something else"
        with pytest.raises(FrameworkError, match=r"version: “2026\.1” is already loaded"):
            framework_load(path=write(tmp_path, data))

    def test_a_bad_file_leaves_nothing_in_the_database(self, tmp_path, monkeypatch):
        # Fails while storing (after parsing succeeded): the transaction must roll back.
        from clusterbench.methodology import loader

        def explode(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(loader.EligibilityCondition.objects, "bulk_create", explode)
        with pytest.raises(RuntimeError):
            framework_load(path=BUNDLED)
        assert not Framework.objects.exists()
        assert not Indicator.objects.exists()


def broken(change) -> dict:
    data = copy.deepcopy(bundled_data())
    change(data)
    return data


def indicator(data: dict, code: str) -> dict:
    return next(i for i in data["indicators"] if i["code"] == code)


BAD_FILES = {
    "missing version": (lambda d: d.pop("version"), "version: must be quoted text"),
    "unquoted version": (lambda d: d.update(version=2026.1), "version: must be quoted text"),
    "unknown top key": (lambda d: d.update(colour="blue"), "colour: unknown key"),
    "no areas": (lambda d: d.update(areas=[]), "areas: must be a non-empty list"),
    "unknown kind": (
        lambda d: indicator(d, "S1").update(kind="integer"),
        r"indicators\[0\] \(S1\)\.kind: “integer” is not one of",
    ),
    "unknown direction": (
        lambda d: indicator(d, "S3").update(direction="sideways"),
        r"\(S3\)\.direction: “sideways” is not one of",
    ),
    "unknown area": (lambda d: indicator(d, "S1").update(area="Z"), r"\(S1\)\.area: “Z”"),
    "duplicate code": (
        lambda d: indicator(d, "S2").update(code="S1"),
        r"indicators\[1\]\.code: “S1” appears more than once",
    ),
    "bad code": (lambda d: indicator(d, "S1").update(code="s-1"), r"\.code: “s-1” must be"),
    "max below min": (lambda d: indicator(d, "S2").update(max=-1), r"\(S2\)\.max: -1"),
    "text min": (lambda d: indicator(d, "S2").update(min="zero"), r"\(S2\)\.min: must be a number"),
    "question missing": (
        lambda d: indicator(d, "S1").pop("question"),
        r"\(S1\)\.question: missing or empty text",
    ),
    "levels with gap": (
        lambda d: indicator(d, "M7")["levels"].pop(2),
        r"\(M7\)\.levels: values must be consecutive",
    ),
    "ordinal with min": (
        lambda d: indicator(d, "M7").update(min=0),
        r"\(M7\)\.min: not allowed for an ordinal",
    ),
    "formula to unknown": (
        lambda d: indicator(d, "M3")["formula"].update(denominator="X9"),
        r"\(M3\)\.formula\.denominator: “X9” is not an asked indicator",
    ),
    "question on derived": (
        lambda d: indicator(d, "M3").update(question="How?"),
        r"\(M3\)\.question: not allowed for a derived",
    ),
    "criterion unknown indicator": (
        lambda d: d["criteria"][0].update(indicator="Q1"),
        r"criteria\[0\] \(1\.1\.0\)\.indicator: “Q1” is not an indicator",
    ),
    "criterion without threshold": (
        lambda d: d["criteria"][0].pop("threshold"),
        r"criteria\[0\] \(1\.1\.0\)\.threshold: missing number",
    ),
    "audit-only with threshold": (
        lambda d: d["criteria"][16].update(threshold=3),
        r"\(4\.1\.1\)\.threshold: not allowed for an audit-only",
    ),
    "eligibility unknown indicator": (
        lambda d: d["eligibility"][0].update(indicator="ZZ"),
        r"eligibility\[0\]\.indicator: “ZZ”",
    ),
    "not a mapping": (
        lambda d: d["indicators"].__setitem__(0, "S1"),
        r"indicators\[0\]: must be a mapping",
    ),
}


@pytest.mark.parametrize("change,message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_malformed_framework_is_refused_naming_the_key(change, message):
    with pytest.raises(FrameworkError, match=message):
        parse_framework(broken(change))


@pytest.mark.django_db
class TestBadFiles:
    def test_invalid_yaml_is_refused(self, tmp_path):
        path = tmp_path / "bad.yaml"
        path.write_text("version: [unclosed", encoding="utf-8")
        with pytest.raises(FrameworkError, match="is not valid YAML"):
            framework_load(path=path)
        assert not Framework.objects.exists()

    def test_a_missing_file_is_refused(self, tmp_path):
        with pytest.raises(FrameworkError, match="cannot be read"):
            framework_load(path=tmp_path / "nope.yaml")

    def test_a_malformed_file_stores_nothing(self, tmp_path):
        data = broken(lambda d: d["criteria"][0].update(indicator="Q1"))
        with pytest.raises(FrameworkError):
            framework_load(path=write(tmp_path, data))
        assert not Framework.objects.exists()

    def test_the_command_names_the_file_and_the_key(self, tmp_path):
        from django.core.management import CommandError, call_command

        path = write(
            tmp_path, broken(lambda d: indicator(d, "S1").update(kind="integer")), "mine.yaml"
        )
        with pytest.raises(CommandError, match=r"mine\.yaml: indicators\[0\] \(S1\)\.kind"):
            call_command("load_framework", str(path))
