import pytest
from django.core.exceptions import ValidationError

from clusterbench.clusters.models import ClusterOrganisation, Country, Portfolio
from clusterbench.clusters.services import cluster_create, country_get


@pytest.mark.django_db
class TestReferenceData:
    def test_every_iso_country_is_there_with_both_codes(self):
        assert Country.objects.count() == 249
        serbia = Country.objects.get(alpha2="RS")
        assert (serbia.alpha3, serbia.name) == ("SRB", "Serbia")

    def test_the_13_comparative_portfolios_are_there_in_order(self):
        names = list(Portfolio.objects.values_list("name", flat=True))
        assert len(names) == 13
        assert names[0] == "Aviation and space"
        assert names[-1] == "Transportation and mobility"

    def test_a_country_is_found_by_either_code_in_any_case(self):
        assert country_get(code="srb").alpha2 == "RS"
        assert country_get(code="rs").alpha3 == "SRB"

    def test_an_unknown_country_code_is_refused_by_name(self):
        with pytest.raises(ValidationError, match="Unknown country code “XX”"):
            country_get(code="xx")


@pytest.mark.django_db
class TestClusterCreation:
    def create(self, **overrides):
        fields = {
            "name": "Кластер информационих технологија Војводине",
            "name_en": "Vojvodina ICT Cluster",
            "country_code": "RS",
            "portfolio_slug": "ict",
            "region": "Vojvodina",
            "year_founded": 2009,
            "website": "https://vojvodina-ict.example",
            "time_zone": "Europe/Belgrade",
        }
        return cluster_create(**{**fields, **overrides})

    def test_it_keeps_the_name_in_its_own_script(self):
        cluster = self.create()
        assert ClusterOrganisation.objects.get(pk=cluster.pk).name.startswith("Кластер")

    def test_a_duplicate_in_the_same_country_is_refused_whatever_the_case(self):
        self.create()
        with pytest.raises(ValidationError, match="already exists in this country"):
            self.create(name_en="VOJVODINA ICT CLUSTER")
        assert ClusterOrganisation.objects.count() == 1

    def test_the_same_name_in_another_country_is_fine(self):
        self.create()
        self.create(country_code="HR")
        assert ClusterOrganisation.objects.count() == 2

    def test_an_unknown_country_writes_nothing(self):
        with pytest.raises(ValidationError, match="Unknown country code “QQ”"):
            self.create(country_code="QQ")
        assert not ClusterOrganisation.objects.exists()

    def test_an_unknown_portfolio_is_refused(self):
        with pytest.raises(ValidationError, match="Unknown comparative portfolio “knitting”"):
            self.create(portfolio_slug="knitting")

    def test_a_founding_year_in_the_future_is_refused(self):
        with pytest.raises(ValidationError, match="Year founded must be between 1900"):
            self.create(year_founded=2999)

    def test_an_unknown_time_zone_is_refused(self):
        with pytest.raises(ValidationError, match="Unknown time zone “Mars/Olympus”"):
            self.create(time_zone="Mars/Olympus")
