"""Renewal reminders: 3 months and 1 month before expiry, to the cluster's managers and its
network's coordinator, with the renewal rule; each sent once however often the command runs."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from clusterbench.labels.models import Label, RenewalReminder

D = dt.date


@pytest.fixture
def bronze(cluster, people):
    people.coordinator.email = "coord@example.org"
    people.coordinator.save()
    return Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB001202506C250001",
        valid_from=D(2025, 6, 10),
        valid_until=D(2027, 6, 30),
    )


def run(day: str) -> str:
    out = StringIO()
    call_command("send_renewal_reminders", today=day, stdout=out)
    return out.getvalue()


def test_each_reminder_goes_once_to_managers_and_coordinator_with_the_rule(bronze, mailoutbox):
    assert "0 renewal reminder(s)" in run("2027-03-29")
    assert "3-month reminder to 2 recipient(s)" in run("2027-03-30")
    assert "0 renewal reminder(s)" in run("2027-03-30")  # run twice the same day
    assert "0 renewal reminder(s)" in run("2027-04-30")
    assert "1-month reminder" in run("2027-05-30")
    assert "0 renewal reminder(s)" in run("2027-06-15")
    assert len(mailoutbox) == 2
    first = mailoutbox[0]
    assert sorted(first.to) == ["coord@example.org", "man@example.org"]
    assert "expires in 3 months" in first.subject
    assert "no later than 12 months after the expiry (by 30 June 2028)" in first.body
    assert "seamlessly, to 30 June 2030" in first.body
    assert "expires in 1 month" in mailoutbox[1].subject


def test_a_renewed_or_revoked_label_gets_no_reminder(bronze, cluster, mailoutbox):
    Label.objects.create(
        cluster=cluster,
        level="silver",
        certificate_id="SRBS202701C270002",
        valid_from=D(2027, 1, 10),
        valid_until=D(2029, 1, 31),
    )
    assert "0 renewal reminder(s)" in run("2027-05-30")
    Label.objects.exclude(pk=bronze.pk).delete()
    Label.objects.filter(pk=bronze.pk).update(revoked_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert "0 renewal reminder(s)" in run("2027-05-30")
    assert mailoutbox == []


def test_an_audited_label_reminds_of_its_own_renewal(bronze, mailoutbox, framework):
    Label.objects.filter(pk=bronze.pk).update(level="gold")
    run("2027-05-30")
    body = mailoutbox[0].body
    assert "new Gold application and audit" in body
    # what a Gold renewal takes, from the ladder file, and no Bronze-style extension
    assert "submitted 14-21 days before a two-day visit" in body
    assert "at least 120 of 150 points" in body
    assert "valid two years from the month of its own audit" in body
    assert "hold the new audit by 30 June 2027" in body
    assert "seamless" not in body and "months of the expiry" not in body


def test_a_silver_label_reminds_of_what_a_silver_renewal_takes(bronze, mailoutbox, framework):
    Label.objects.filter(pk=bronze.pk).update(level="silver")
    run("2027-05-30")
    body = mailoutbox[0].body
    assert "new Silver application and audit" in body
    assert "two Bronze benchmarkings 18-24 months apart" in body
    assert "3 improvement areas" in body and "half-day audit" in body
    assert "seamless" not in body and "months of the expiry" not in body


def test_without_a_framework_an_audited_labels_reminder_still_goes(bronze, mailoutbox):
    Label.objects.filter(pk=bronze.pk).update(level="silver")
    run("2027-05-30")
    body = mailoutbox[0].body
    assert "new Silver application and audit" in body
    assert "valid two years from the month of its own audit" in body


def test_the_database_refuses_a_second_reminder_of_the_same_stage(bronze):
    RenewalReminder.objects.create(label=bronze, months_before=3, recipients="")
    with pytest.raises(IntegrityError):
        RenewalReminder.objects.create(label=bronze, months_before=3, recipients="")


def test_a_malformed_date_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date like 2027-01-31"):
        run("tomorrow")


def test_a_label_with_no_one_to_remind_is_named_and_tried_again(bronze, people, mailoutbox):
    # No active manager nor coordinator with an e-mail address: nothing can be sent, so
    # nothing is recorded or counted as sent, and the label is named for the secretariat.
    type(people.coordinator).objects.update(email="")
    out = run("2027-03-30")
    assert "0 renewal reminder(s) sent" in out
    assert "1 due with no one to send it to" in out
    assert f"{bronze.certificate_id} expires 30 June 2027: no active manager" in out
    assert not RenewalReminder.objects.exists() and mailoutbox == []
    people.coordinator.email = "coord@example.org"
    people.coordinator.save()
    assert "3-month reminder to 1 recipient(s)" in run("2027-03-31")
    assert len(mailoutbox) == 1


def test_the_reminders_due_are_those_the_command_sends(bronze, cluster):
    from clusterbench.labels.reminders import reminders_due

    Label.objects.create(  # renewed already: not due
        cluster=cluster,
        level="bronze",
        certificate_id="SRB001202701C270002",
        valid_from=D(2027, 1, 10),
        valid_until=D(2030, 1, 31),
    )
    Label.objects.filter(pk=bronze.pk).update(valid_until=D(2027, 6, 30))
    assert reminders_due(D(2027, 5, 30)) == []
    Label.objects.exclude(pk=bronze.pk).delete()
    assert [(label.pk, stage) for label, stage in reminders_due(D(2027, 5, 30))] == [(bronze.pk, 1)]
