"""Typed text that would break an e-mail header, a calendar file or the database is refused
at the form with a message; cluster names are stored normalised, and a look-alike of an
existing name is flagged before it is registered."""

import html

import pytest
from django.core import mail

from clusterbench.clusters.models import ClusterOrganisation
from clusterbench.engagements import emails
from clusterbench.engagements.models import Benchmarking, ConflictOfInterest, EngagementEvent
from tests.engagement_fixtures import PASSWORD, future


@pytest.fixture
def web(client):
    client.raise_request_exception = False
    return client


def logged_in(client, username):
    client.login(username=username, password=PASSWORD)
    return client


def page_after(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class TestOneLineFields:
    @pytest.mark.parametrize("reason", ["first line\nsecond line", "a\rb", "nul\x00here"])
    def test_a_cancel_reason_that_would_break_a_header_is_refused_with_a_message(
        self, web, framework, cluster, people, engagement_at, reason
    ):
        engagement = engagement_at(framework, cluster, people, "requested", expert=None)
        logged_in(web, "sec")
        page = page_after(
            web.post(f"/engagements/{engagement.pk}/cancel/", {"reason": reason}, follow=True)
        )
        assert "The reason must be on one line" in page or "control character" in page
        assert Benchmarking.objects.get(pk=engagement.pk).status == "requested"

    def test_a_decline_reason_with_a_line_break_is_refused(
        self, web, framework, cluster, people, engagement_at
    ):
        from clusterbench.offers.quotes import quote_issue

        engagement = engagement_at(framework, cluster, people, "requested", expert=None)
        quote = quote_issue(user=people.secretariat, benchmarking=engagement)
        logged_in(web, "man")
        page = page_after(
            web.post(
                f"/engagements/{engagement.pk}/quote/{quote.pk}/decline/",
                {"reason": "Too dear\nSubject: spam"},
                follow=True,
            )
        )
        assert "The reason must be on one line" in page
        assert Benchmarking.objects.get(pk=engagement.pk).status == "quoted"

    def test_a_video_location_with_a_line_break_is_refused(
        self, web, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "accepted")
        logged_in(web, "man")
        start = future(10).strftime("%Y-%m-%dT%H:%M")
        page = page_after(
            web.post(
                f"/engagements/{engagement.pk}/propose/",
                {"start": [start], "mode": "video", "location": "https://meet.example/a\nb"},
                follow=True,
            )
        )
        assert "must be on one line" in page
        assert not engagement.slots.exists()

    def test_a_conflict_reason_with_a_control_character_is_refused(self, web, cluster, people):
        logged_in(web, "exp")
        page = page_after(
            web.post(
                "/engagements/conflicts/",
                {"target": f"cluster:{cluster.pk}", "reason": "bell\x07"},
                follow=True,
            )
        )
        assert "control character (U+0007)" in page
        assert not ConflictOfInterest.objects.exists()


class TestTextThatShowsNothing:
    @pytest.mark.parametrize("reason", [" \u200b ", "\u200b\u2060\ufeff", "\u00ad\t"])
    def test_a_reason_of_invisible_characters_only_is_no_reason(
        self, web, framework, cluster, people, engagement_at, reason
    ):
        engagement = engagement_at(framework, cluster, people, "requested", expert=None)
        logged_in(web, "sec")
        page = page_after(
            web.post(f"/engagements/{engagement.pk}/cancel/", {"reason": reason}, follow=True)
        )
        assert "Give a reason for cancelling." in page
        assert Benchmarking.objects.get(pk=engagement.pk).status == "requested"

    def test_a_line_break_written_as_a_lone_carriage_return_is_a_line_break(self):
        from clusterbench.text import text_check

        assert text_check("one\rtwo\r\nthree", what="The note", max_length=50, multiline=True) == (
            "one\ntwo\nthree"
        )
        assert text_check("a\u200bb", what="The note", max_length=50) == "a\u200bb"  # kept


class TestTextDirectionControls:
    @pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u202a", "\u2067", "\u2069"])
    def test_a_control_that_would_reorder_the_text_around_it_is_refused(self, control):
        # Typed into a story title, U+202E turned the year after it into ")4202(" on the
        # page and in the PDF, and the rest of a timeline line with it.
        from clusterbench.text import TextError, text_check

        with pytest.raises(TextError) as refused:
            text_check(f"Title{control} (2024)", what="The title", max_length=100)
        assert str(refused.value) == (
            f"The title contains a text-direction control (U+{ord(control):04X}), which "
            "reorders the text around it; remove it."
        )

    def test_right_to_left_text_itself_is_kept(self):
        from clusterbench.text import text_check

        assert text_check("אשכול תל אביב", what="The name", max_length=100) == "אשכול תל אביב"


class TestNothingBreaksAfterTheCommit:
    def test_an_email_subject_stays_on_one_line_whatever_was_recorded(
        self, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "requested", expert=None)
        event = EngagementEvent.objects.create(
            benchmarking=engagement,
            from_status="requested",
            to_status="cancelled",
            description="Cancelled: first line\nBcc: someone@example.org",
        )
        emails.event_notify(event.pk)
        assert len(mail.outbox) == 1
        assert "\n" not in mail.outbox[0].subject and "Bcc" in mail.outbox[0].subject

    def test_a_stored_location_with_a_line_break_still_gives_a_calendar_file(
        self, web, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "scheduled")
        Benchmarking.objects.filter(pk=engagement.pk).update(
            interview_location="https://meet.example/a\r\nBEGIN:VEVENT"
        )
        logged_in(web, "exp")
        response = web.get(f"/engagements/{engagement.pk}/invite.ics")
        assert response.status_code == 200
        assert response.content.count(b"\r\nBEGIN:VEVENT\r\n") == 1  # none injected

    def test_the_conflicts_page_opens_after_a_conflict_that_names_no_network(
        self, web, cluster, people
    ):
        logged_in(web, "exp")
        web.post("/engagements/conflicts/", {"target": f"cluster:{cluster.pk}", "reason": "x"})
        assert ConflictOfInterest.objects.get().network is None
        assert "Belgrade Test Cluster: x" in page_after(web.get("/engagements/conflicts/"))


def register(client, **fields):
    data = {
        "cluster": "new",
        "name": "Novi klaster",
        "name_en": "Novi Cluster",
        "country": "RS",
        "portfolio": "ict",
        "time_zone": "Europe/Belgrade",
        **fields,
    }
    return client.post("/engagements/request/", data)


class TestClusterNames:
    def test_a_cluster_name_with_a_line_break_is_refused(self, web, framework, people):
        logged_in(web, "man")
        page = page_after(register(web, name_en="Novi\nCluster"))
        assert "English name must be on one line" in page
        assert not ClusterOrganisation.objects.filter(name_en__startswith="Novi").exists()

    def test_cluster_names_are_stored_normalised(self, web, framework, people):
        logged_in(web, "man")
        register(web, name="Novi\u200b  klaster", name_en="\uff2eovi Cluster\u200d")
        cluster = ClusterOrganisation.objects.get(name_en="Novi Cluster")
        assert cluster.name == "Novi klaster"

    def test_a_zero_width_space_cannot_make_a_second_same_name(self, web, cluster, people):
        logged_in(web, "man")
        page = page_after(register(web, name_en="Belgrade Test\u200b Cluster"))
        assert "already exists in this country" in page
        assert ClusterOrganisation.objects.filter(country="RS").count() == 1

    def test_a_cyrillic_letter_in_a_latin_name_warns_about_the_existing_lookalike(
        self, web, framework, cluster, people
    ):
        logged_in(web, "man")
        lookalike = "Belgrade Test Clust\u0435r"  # a Cyrillic e
        page = page_after(register(web, name="Klaster", name_en=lookalike))
        assert "looks like “Belgrade Test Cluster”" in page
        assert 'name="confirm_lookalike"' in page
        assert not ClusterOrganisation.objects.filter(name_en=lookalike).exists()
        response = register(web, name="Klaster", name_en=lookalike, confirm_lookalike="1")
        assert response.status_code == 302
        assert ClusterOrganisation.objects.filter(name_en=lookalike).exists()

    def test_a_refused_note_leaves_no_registered_cluster_behind(self, web, framework, people):
        logged_in(web, "man")
        page = page_after(register(web, name_en="Halfway Cluster", note="Please\x07"))
        assert "The note contains a control character (U+0007)" in page
        assert not ClusterOrganisation.objects.filter(name_en="Halfway Cluster").exists()
        assert not people.manager.clusters.filter(name_en="Halfway Cluster").exists()
        assert not Benchmarking.objects.exists()
        response = register(web, name_en="Halfway Cluster", note="Please")
        assert response.status_code == 302
        cluster = ClusterOrganisation.objects.get(name_en="Halfway Cluster")
        assert people.manager.clusters.filter(pk=cluster.pk).exists()
        assert Benchmarking.objects.get().cluster == cluster


class TestTheRequestFormTakesOnlyTextItCanShow:
    """Every free-text field of the request form: a character that would break a file or
    the database, text no document's font shows, or more than the field holds is refused
    with a message naming the field, next to it, and nothing is written."""

    WHAT = {
        "name": "Name",
        "name_en": "English name",
        "region": "Region",
        "address": "Address",
        "website": "Website",
        "time_zone": "Time zone",
    }

    def refused(self, web, people, field, value) -> str:
        logged_in(web, "man")
        clusters = ClusterOrganisation.objects.count()
        fields = {"name_en": "Halfway Cluster", field: value}
        page = html.unescape(page_after(register(web, **fields)))
        assert ClusterOrganisation.objects.count() == clusters
        assert not people.manager.clusters.filter(name_en="Halfway Cluster").exists()
        assert not Benchmarking.objects.exists() and not EngagementEvent.objects.exists()
        assert f'id="{field}-error"' in page  # the message is next to its field
        return page

    @pytest.mark.parametrize("field", WHAT)
    @pytest.mark.parametrize(
        "character,problem",
        [
            ("\x00", "contains a control character (U+0000); remove it."),
            ("\x1b", "contains a control character (U+001B); remove it."),
            ("\u202e", "contains a text-direction control (U+202E)"),
            ("\n", "must be on one line; remove the line break."),
        ],
    )
    def test_a_control_character_is_refused_naming_the_field(
        self, web, framework, people, field, character, problem
    ):
        value = {"website": "https://novi.example/", "time_zone": "Europe/Belgrade"}.get(
            field, "Novi Cluster"
        )
        page = self.refused(web, people, field, value[:5] + character + value[5:])
        assert f"{self.WHAT[field]} {problem}" in page

    @pytest.mark.parametrize(
        "field,limit",
        [
            ("name", 200),
            ("name_en", 200),
            ("region", 100),
            ("address", 300),
            ("website", 200),
            ("time_zone", 64),
        ],
    )
    def test_text_longer_than_the_field_holds_is_refused_saying_the_limit(
        self, web, framework, people, field, limit
    ):
        page = self.refused(web, people, field, "a" * 100_000)
        assert (
            f"{self.WHAT[field]} is limited to {limit} characters; this one has 100,000. "
            "Shorten it."
        ) in page
        assert "Ensure this value" not in page  # one message, not Django's as well

    @pytest.mark.parametrize("field", ["name_en", "region", "address"])
    def test_text_no_font_of_the_documents_shows_is_refused(self, web, framework, people, field):
        page = self.refused(web, people, field, "Chonburi คลัสเตอร์")
        assert (
            f"{self.WHAT[field]} has characters the report's fonts cannot show: "
            '"ค" (U+0E04 THAI CHARACTER KHO KHWAI)'
        ) in page

    @pytest.mark.parametrize("zone", ["localtime", "Factory", "Etc/GMT-3", "posixrules"])
    def test_a_time_zone_that_is_no_place_is_refused(self, web, framework, people, zone):
        page = self.refused(web, people, "time_zone", zone)
        assert "e.g. Europe/Belgrade" in page

    def test_the_longest_address_and_region_are_taken_and_a_name_in_thai_still_is(
        self, web, framework, people
    ):
        # The own name may be in any script: the documents show the English one instead.
        logged_in(web, "man")
        address, region = "Bulevar 1, " + "b" * 289, "r" * 100
        response = register(web, name="คลัสเตอร์", address=address, region=region)
        assert response.status_code == 302
        cluster = ClusterOrganisation.objects.get(name_en="Novi Cluster")
        assert (cluster.name, cluster.address, cluster.region) == ("คลัสเตอร์", address, region)

    def test_the_admin_refuses_what_the_request_form_refuses(self, web, cluster, people):
        logged_in(web, "sec")
        url = f"/admin/clusters/clusterorganisation/{cluster.pk}/change/"
        data = {
            "name": cluster.name,
            "name_en": cluster.name_en,
            "country": cluster.country_id,
            "portfolio": cluster.portfolio_id,
            "address": "Bulevar 1\u202e",
            "time_zone": "localtime",
        }
        page = html.unescape(page_after(web.post(url, data)))
        assert "Address contains a text-direction control (U+202E)" in page
        assert "“localtime” is not the time zone of a place" in page
        stored = ClusterOrganisation.objects.get(pk=cluster.pk)
        assert (stored.address, stored.time_zone) == ("Булевар 1, Београд", "Europe/Belgrade")
