import pytest

from clusterbench.analysis.recommendations import CatalogueError, catalogue_load, catalogue_parse


class TestTheBundledCatalogue:
    def test_every_directional_indicator_has_advice(self, framework_spec):
        catalogue = catalogue_load(framework_spec.version)
        directional = {i.code for i in framework_spec.indicators if i.direction != "none"}
        assert directional <= {code for code, advice in catalogue.indicators.items() if advice}

    def test_every_assessable_criterion_has_advice(self, framework_spec):
        catalogue = catalogue_load(framework_spec.version)
        assessable = {c.code for c in framework_spec.criteria if not c.audit_only}
        assert assessable <= {code for code, advice in catalogue.criteria.items() if advice}

    def test_it_only_names_codes_of_the_framework(self, framework_spec):
        catalogue = catalogue_load(framework_spec.version)
        assert set(catalogue.indicators) <= {i.code for i in framework_spec.indicators}
        assert set(catalogue.criteria) <= {c.code for c in framework_spec.criteria}


class TestParsing:
    def test_a_missing_field_is_named(self):
        data = {
            "indicators": {"S1": [{"id": "a", "title": "t", "what": "w", "why": "y"}]},
            "criteria": {},
        }
        with pytest.raises(CatalogueError, match=r"indicators\.S1\[0\]\.first_step"):
            catalogue_parse(data)

    def test_a_duplicate_id_is_refused(self):
        advice = {"id": "a", "title": "t", "what": "w", "why": "y", "first_step": "f"}
        with pytest.raises(CatalogueError, match="“a” appears more than once"):
            catalogue_parse({"indicators": {"S1": [advice], "S2": [advice]}, "criteria": {}})

    def test_an_unknown_version_is_named(self):
        with pytest.raises(CatalogueError, match="no recommendations catalogue for framework 9"):
            catalogue_load("9")
