import datetime as dt
import re

import pytest
from django.utils import timezone

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.errors import StepRefused
from clusterbench.labels.models import Label
from clusterbench.labels.services import label_current, label_record_audited, label_revoke
from clusterbench.reports import services as reports
from tests.engagement_fixtures import make_benchmarking


def release(framework, cluster, people, date, **values):
    engagement = make_benchmarking(framework, cluster, date, status="scheduled", **values)
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    reports.report_draft_ready(user=None, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    return flow.report_release(user=people.secretariat, version=engagement.reports.get())


class TestBronzeAwards:
    def test_an_eligible_cluster_gets_bronze_on_release(self, framework, cluster, people):
        version = release(framework, cluster, people, dt.date(2026, 4, 15))
        label = Label.objects.get()
        assert (label.level, label.certificate_id, label.report) == (
            "bronze",
            version.identifier,
            version,
        )
        assert label.valid_until == dt.date(2028, 4, 30)
        assert label.motto == "Striving for Cluster Excellence"

    def test_an_ineligible_cluster_gets_its_report_but_no_label(self, framework, cluster, people):
        version = release(framework, cluster, people, dt.date(2026, 4, 15), S1=10)
        assert version.is_released
        assert not Label.objects.exists()

    def test_a_renewal_within_12_months_of_expiry_extends_by_36_months(
        self, framework, cluster, people
    ):
        Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="SRB0012023",
            valid_from=dt.date(2023, 5, 1),
            valid_until=dt.date(2025, 5, 31),
        )
        release(framework, cluster, people, dt.date(2026, 4, 15))
        assert Label.objects.get(report__isnull=False).valid_until == dt.date(2028, 5, 31)


class TestRevocationAndHistory:
    def test_the_secretariat_revokes_with_a_reason(self, framework, cluster, people):
        label = Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="X000001",
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2099, 1, 31),
        )
        with pytest.raises(StepRefused, match="Give the reason"):
            label_revoke(user=people.secretariat, label=label, reason="")
        with pytest.raises(StepRefused, match="Only the secretariat"):
            label_revoke(user=people.expert, label=label, reason="x")
        label_revoke(user=people.secretariat, label=label, reason="Misleading claims")
        assert label.status_on(timezone.localdate()) == "revoked"
        assert label_current(cluster) is None

    def test_silver_and_gold_are_recorded_with_their_audit_date(self, cluster, people):
        gold = label_record_audited(
            user=people.secretariat, cluster=cluster, level="gold", audit_date=dt.date(2026, 3, 3)
        )
        assert gold.valid_until == dt.date(2028, 3, 31)
        assert label_current(cluster) == gold
        with pytest.raises(StepRefused, match="cannot be in the future"):
            label_record_audited(
                user=people.secretariat,
                cluster=cluster,
                level="silver",
                audit_date=timezone.localdate() + dt.timedelta(days=1),
            )


@pytest.mark.django_db
class TestVerification:
    @pytest.fixture
    def labels(self, cluster, framework):
        make_benchmarking(framework, cluster, dt.date(2020, 1, 1))  # listed publicly
        today = timezone.localdate()
        valid = Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="SRB001VALID",
            valid_from=today,
            valid_until=today + dt.timedelta(days=1),
        )
        expired = Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="SRB001EXPIRED",
            valid_from=dt.date(2016, 1, 1),
            valid_until=today - dt.timedelta(days=1),
        )
        revoked = Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="SRB001REVOKED",
            valid_from=today,
            valid_until=today + dt.timedelta(days=300),
            revoked_at=timezone.now(),
            revoked_reason="Fraud",
        )
        return valid, expired, revoked

    @pytest.mark.parametrize(
        "certificate,word",
        [("SRB001VALID", "valid"), ("SRB001EXPIRED", "expired"), ("SRB001REVOKED", "revoked")],
    )
    def test_it_says_plainly_valid_expired_or_revoked(self, client, labels, certificate, word):
        response = client.get(f"/verify/{certificate}/")
        assert response.status_code == 200
        assert f"<strong>{word}</strong>" in response.text
        assert "no-store" in response["Cache-Control"]

    @pytest.mark.parametrize("bad", ["NOPE000000", "x", "%3Cscript%3E", "A" * 300, "../../etc"])
    def test_unknown_or_malformed_identifiers_get_the_same_not_found_page(self, client, db, bad):
        response = client.get(f"/verify/{bad}/")
        assert response.status_code == 404
        assert "not found" in response.text.lower()
        assert "Traceback" not in response.text

    def test_the_badge_never_shows_an_expired_or_revoked_label(self, client, labels):
        valid, _expired, _revoked = labels
        response = client.get(f"/clusters/{valid.cluster_id}/badge.svg")
        assert response["Content-Type"] == "image/svg+xml"
        assert "no-store" in response["Cache-Control"]
        assert "BRONZE" in response.text
        Label.objects.filter(pk=valid.pk).update(
            valid_until=timezone.localdate() - dt.timedelta(days=1)
        )
        badge = client.get(f"/clusters/{valid.cluster_id}/badge.svg").text
        # the cluster's latest label (the one that would run longest) was revoked
        assert "REVOKED" in badge and "BRONZE" not in badge
        Label.objects.filter(cluster=valid.cluster).update(revoked_at=None)
        Label.objects.filter(cluster=valid.cluster).update(
            valid_until=timezone.localdate() - dt.timedelta(days=1)
        )
        badge = client.get(f"/clusters/{valid.cluster_id}/badge.svg").text
        assert ">NO<" in badge and "BRONZE" not in badge


@pytest.mark.django_db
class TestTheBadgesAccessibleName:
    """The badge is an image named for assistive technology: one whole phrase, the level
    said wherever there is one, never words joined around a missing part."""

    @pytest.fixture
    def bronze(self, cluster):
        today = timezone.localdate()
        return Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="SRB001BADGE",
            valid_from=today,
            valid_until=dt.date(today.year + 1, 12, 31),
        )

    def name_of(self, client, cluster_id, language="en"):
        client.cookies["django_language"] = language
        svg = client.get(f"/clusters/{cluster_id}/badge.svg").text
        names = re.findall(r'<svg [^>]*\baria-label="([^"]*)"', svg)
        assert len(names) == 1
        return names[0]

    def test_a_valid_label_names_its_level_and_end(self, client, bronze):
        year = bronze.valid_until.year
        assert self.name_of(client, bronze.cluster_id) == f"Bronze Label, valid until {year}"

    def test_a_revoked_label_names_its_level(self, client, bronze):
        Label.objects.filter(pk=bronze.pk).update(revoked_at=timezone.now())
        assert self.name_of(client, bronze.cluster_id) == "Bronze Label, revoked"
        assert self.name_of(client, bronze.cluster_id, "sr-latn") == "Bronzana oznaka, opozvana"
        assert self.name_of(client, bronze.cluster_id, "sr-cyrl") == "Бронзана ознака, опозвана"

    def test_an_expired_label_says_there_is_no_valid_label_and_which_expired(self, client, bronze):
        Label.objects.filter(pk=bronze.pk).update(valid_until=dt.date(2020, 12, 31))
        assert (
            self.name_of(client, bronze.cluster_id)
            == "No valid label; the Bronze Label has expired"
        )

    def test_a_cluster_never_labelled_has_no_valid_label(self, client, cluster):
        assert self.name_of(client, cluster.pk) == "No valid label"
        assert self.name_of(client, cluster.pk, "sr-latn") == "Nema važeće oznake"
