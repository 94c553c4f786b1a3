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

    @pytest.mark.parametrize(
        "zone,message",
        [
            # Keys zoneinfo knows that are no place a cluster is in.
            ("localtime", "“localtime” is not the time zone of a place"),
            ("Factory", "“Factory” is not the time zone of a place"),
            ("Etc/GMT+5", "“Etc/GMT+5” is not the time zone of a place"),
            ("Etc/UTC", "“Etc/UTC” is not the time zone of a place"),
            ("US/Eastern", "“US/Eastern” is not the time zone of a place"),
            ("EST5EDT", "“EST5EDT” is not the time zone of a place"),
            ("GMT", "“GMT” is not the time zone of a place"),
            ("posixrules", "Unknown time zone “posixrules”"),
            ("Europe", "Unknown time zone “Europe”"),
            ("../../etc/passwd", "Unknown time zone “../../etc/passwd”"),
        ],
    )
    def test_a_time_zone_that_is_no_place_is_refused_and_nothing_is_stored(self, zone, message):
        with pytest.raises(ValidationError) as refused:
            self.create(time_zone=zone)
        [said] = refused.value.message_dict["time_zone"]
        assert said.startswith(message)
        assert "Area/Location" in said and "Europe/Belgrade" in said and "UTC" in said
        assert not ClusterOrganisation.objects.exists()

    def test_a_time_zone_with_a_control_character_or_too_long_is_refused_by_name(self):
        with pytest.raises(ValidationError, match=r"Time zone contains a control character \(U"):
            self.create(time_zone="Europe/Belgrade\x00")
        with pytest.raises(
            ValidationError,
            match=r"Time zone is limited to 64 characters; this one has 100,000\. Shorten it\.",
        ):
            self.create(time_zone="x" * 100_000)
        assert not ClusterOrganisation.objects.exists()

    @pytest.mark.parametrize(
        "typed,stored",
        [
            ("Europe/Belgrade", "Europe/Belgrade"),
            ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
            ("Pacific/Auckland", "Pacific/Auckland"),
            ("UTC", "UTC"),
            (" europe/belgrade ", "Europe/Belgrade"),  # stored as the time zone is named
        ],
    )
    def test_the_time_zone_of_a_place_or_utc_is_taken(self, typed, stored):
        assert ClusterOrganisation.objects.get(pk=self.create(time_zone=typed).pk).time_zone == (
            stored
        )

    def test_every_time_zone_of_the_demonstration_is_a_place(self):
        from clusterbench.clusters.zones import time_zone_check
        from clusterbench.demo.population import load_country_data

        countries = load_country_data()["countries"]
        zones = {region["time_zone"] for c in countries for region in c["regions"]}
        assert "Europe/Belgrade" in zones
        assert {time_zone_check(zone, what="Time zone") for zone in zones} == zones

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("contact_name", "Ana\x07", "Contact person contains a control character (U+0007)"),
            ("contact_name", "A" * 201, "Contact person is limited to 200 characters"),
            ("region", "Vojvodina\nNorth", "Region must be on one line"),
            ("address", "Bulevar\x001", "Address contains a control character (U+0000)"),
            ("address", "a" * 301, "Address is limited to 300 characters; this one has 301."),
            ("website", "https://a.example/\x00", "Website contains a control character (U+0000)"),
        ],
    )
    def test_each_text_field_is_checked_with_one_message_naming_it(self, field, value, message):
        with pytest.raises(ValidationError) as refused:
            self.create(**{field: value})
        [said] = refused.value.message_dict[field]  # one message, not Django's second one
        assert said.startswith(message)
        assert not ClusterOrganisation.objects.exists()

    def test_the_models_own_validation_refuses_what_the_registration_refuses(self):
        # The admin validates the model as the registration does (full_clean).
        cluster = self.create()
        cluster.time_zone = "Factory"
        cluster.address = "Bulevar 1\u202e"
        with pytest.raises(ValidationError) as refused:
            cluster.full_clean()
        assert set(refused.value.message_dict) == {"time_zone", "address"}
