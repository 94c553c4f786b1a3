"""The report editor keeps everything typed on a refusal and points at the very field."""

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from django.utils import formats

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.errors import StepRefused
from clusterbench.reports import services
from clusterbench.reports.models import ReportVersion
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster


@pytest.fixture
def in_review(framework, cluster, people, django_capture_on_commit_callbacks):
    for i in range(6):
        make_benchmarking(framework, new_cluster(f"Peer {i}"), dt.date(2026, 1, 1))
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 10, 1), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    with django_capture_on_commit_callbacks(execute=True):
        flow.interview_close(user=people.expert, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def row(i, order, title, what, remove=False):
    data = {
        f"r{i}-order": str(order),
        f"r{i}-title": title,
        f"r{i}-what": what,
        f"r{i}-why": f"why {i}",
        f"r{i}-first_step": f"first step {i}",
        f"r{i}-reason": "",
    }
    if remove:
        data[f"r{i}-remove"] = "1"
    return data


@pytest.fixture
def refused(client, in_review):
    """Block 3 (reordered to come first) lacks what to do; block 1 is removed; the added
    block 4 lacks a title."""
    client.login(username="exp", password=PASSWORD)
    data = {
        "summary": "My new summary, typed with care.",
        "count": "4",
        "revision": "0",
        **row(0, 1, "Removed one", "", remove=True),
        **row(1, 2, "Kept one", "Do the kept thing."),
        **row(2, 0, "Moved to the top", ""),
        **row(3, 4, "", "An added recommendation without a title."),
    }
    return client.post(f"/engagements/{in_review.pk}/report/edit/", data), in_review


class TestARefusedEdit:
    def test_nothing_is_saved(self, refused):
        response, engagement = refused
        assert response.status_code == 400
        version = engagement.reports.get()
        assert version.summary != "My new summary, typed with care."

    def test_everything_typed_is_kept(self, refused):
        text = refused[0].content.decode()
        for typed in (
            "My new summary, typed with care.",
            'value="Moved to the top"',
            'value="Kept one"',
            "An added recommendation without a title.",
            "first step 1",
            'name="r0-remove" value="1" checked',
            'id="r2-order" name="r2-order" value="0"',
        ):
            assert typed in text, typed

    def test_the_incomplete_fields_are_named_by_their_own_blocks(self, refused):
        text = refused[0].content.decode()
        assert '<a href="#r2-what">Recommendation 3: Say what the cluster should do.</a>' in text
        assert '<a href="#r3-title">The added recommendation: Give the recommendation a title.' in (
            text
        )
        assert "Recommendation 1:" not in text and "Recommendation 2:" not in text

    def test_the_fields_are_marked_invalid_and_described_by_their_message(self, refused):
        text = refused[0].content.decode()
        assert 'aria-invalid="true" aria-describedby="r2-what-error"' in text
        assert '<p class="field-error" id="r2-what-error">Say what the cluster should do.</p>' in (
            text
        )
        assert 'aria-invalid="true" aria-describedby="r3-title-error"' in text
        assert text.count('aria-invalid="true"') == 2
        assert 'class="message error" role="alert"' in text


def test_a_complete_edit_is_saved_in_the_chosen_order(client, in_review):
    client.login(username="exp", password=PASSWORD)
    response = client.post(
        f"/engagements/{in_review.pk}/report/edit/",
        {
            "summary": "Fine.",
            "count": "3",
            "revision": "0",
            **row(0, 2, "Second", "B."),
            **row(1, 1, "First", "A."),
            **{f"r2-{key}": "" for key in ("title", "what", "why", "first_step", "reason")},
            "r2-order": "3",
        },
    )
    assert response.status_code == 302
    titles = [r["title"] for r in in_review.reports.get().recommendations]
    assert titles == ["First", "Second"]


# A form that is not the one the page sent (tampered with or cut short) is refused whole:
# read as it came, it could drop every recommendation of the draft.

SAVED_SUMMARY = "The saved summary."
SAVED = [
    {"title": f"Saved {n}", "what": f"Do {n}.", "why": "", "first_step": "", "reason": ""}
    for n in (1, 2)
]


class EditForm(HTMLParser):
    """The fields the editor's form posts, as a browser sends them: its inputs (a checkbox
    only when ticked) and textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.inside, self.textarea = {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = "report-edit" in (attrs.get("class") or "")
        elif self.inside and tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""
        elif (
            self.inside
            and tag == "input"
            and attrs.get("name")
            and (attrs.get("type") != "checkbox" or "checked" in attrs)
        ):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def editor_url(engagement) -> str:
    return f"/engagements/{engagement.pk}/report/edit/"


def opened(client, engagement) -> dict:
    """The editor's form as it was opened: what a browser would post back unchanged."""
    page = client.get(editor_url(engagement))
    assert page.status_code == 200
    form = EditForm()
    form.feed(page.content.decode())
    return form.fields


@pytest.fixture
def saved(in_review):
    """A draft whose summary and two recommendations were saved."""
    ReportVersion.objects.filter(benchmarking=in_review).update(
        summary=SAVED_SUMMARY, recommendations=SAVED
    )
    return in_review


def unchanged(engagement) -> bool:
    version = engagement.reports.get()
    return version.summary == SAVED_SUMMARY and version.recommendations == SAVED


def typed_form(**changes) -> dict:
    """A complete edit of the saved draft; a change of None leaves that field out."""
    data = {
        "summary": "A typed summary.",
        "count": "3",
        "revision": "0",
        **row(0, 1, "Typed 1", "Do typed 1."),
        **row(1, 2, "Typed 2", "Do typed 2."),
        **{f"r2-{key}": "" for key in ("title", "what", "why", "first_step", "reason")},
        "r2-order": "3",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def alert(response) -> str:
    """The text of the page's alerts, without their markup."""
    text = response.content.decode()
    found = re.findall(r'<(p|div)\b[^>]*role="alert"[^>]*>(.*?)</\1>', text, flags=re.S)
    words = " ".join(inner for _tag, inner in found)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", words)))


class TestATamperedForm:
    @pytest.mark.parametrize(
        "count, problem",
        [
            (None, "The form has no field “count”."),
            ("", "must be a whole number from 0 to 101, not “”"),
            ("-1", "must be a whole number from 0 to 101, not “-1”"),
            ("abc", "must be a whole number from 0 to 101, not “abc”"),
            ("1.5", "must be a whole number from 0 to 101, not “1.5”"),
            ("\u0663", "must be a whole number from 0 to 101, not “\u0663”"),
            ("102", "must be a whole number from 0 to 101, not “102”"),
            ("9" * 40, "must be a whole number from 0 to 101, not “99999999999999999999…”"),
        ],
    )
    def test_a_row_count_missing_not_whole_negative_or_over_the_cap_is_refused(
        self, client, saved, count, problem
    ):
        client.login(username="exp", password=PASSWORD)
        response = client.post(editor_url(saved), typed_form(count=count))
        assert response.status_code == 400
        assert problem in alert(response)
        assert "Nothing was saved" in alert(response)
        assert unchanged(saved)

    def test_the_refusal_shows_the_saved_text_again(self, client, saved):
        client.login(username="exp", password=PASSWORD)
        text = client.post(editor_url(saved), typed_form(count="-1")).content.decode()
        assert SAVED_SUMMARY in text and 'value="Saved 2"' in text

    def test_rows_beyond_the_count_are_refused_not_dropped(self, client, saved):
        client.login(username="exp", password=PASSWORD)
        response = client.post(editor_url(saved), typed_form(count="1"))
        assert response.status_code == 400
        assert "rows beyond its field “count” (1)" in alert(response)
        assert unchanged(saved)

    @pytest.mark.parametrize(
        "missing", ["summary", "revision", "r1-title", "r0-order", "r2-reason"]
    )
    def test_a_missing_field_is_refused_and_named(self, client, saved, missing):
        client.login(username="exp", password=PASSWORD)
        response = client.post(editor_url(saved), typed_form(**{missing: None}))
        assert response.status_code == 400
        assert f"The form has no field “{missing}”." in alert(response)
        assert unchanged(saved)

    @pytest.mark.parametrize("revision", ["", "-1", "x", "1e3", "9" * 40])
    def test_a_revision_that_is_no_whole_number_is_refused(self, client, saved, revision):
        client.login(username="exp", password=PASSWORD)
        response = client.post(editor_url(saved), typed_form(revision=revision))
        assert response.status_code == 400
        assert "The form's field “revision” must be a whole number" in alert(response)
        assert unchanged(saved)

    def test_the_form_opened_and_posted_unchanged_keeps_everything(self, client, saved):
        client.login(username="exp", password=PASSWORD)
        form = opened(client, saved)
        assert form["count"] == "3" and form["revision"] == "0"
        assert client.post(editor_url(saved), form).status_code == 302
        assert unchanged(saved)


class TestTheOrderOfARecommendation:
    @pytest.mark.parametrize("order", ["abc", "-1", "1.5", "\u0663"])
    def test_an_order_that_is_no_whole_number_is_refused_on_its_field(self, client, saved, order):
        client.login(username="exp", password=PASSWORD)
        response = client.post(editor_url(saved), typed_form(**{"r1-order": order}))
        assert response.status_code == 400
        text = response.content.decode()
        assert '<a href="#r1-order">Recommendation 2: Give the order as a whole number' in text
        assert 'aria-invalid="true" aria-describedby="r1-order-error"' in text
        assert f'value="{order}"' in text  # as typed, to correct
        assert unchanged(saved)

    def test_order_0_comes_first_and_an_empty_order_last(self, client, saved):
        client.login(username="exp", password=PASSWORD)
        form = typed_form(**{"r0-order": "", "r1-order": "0", **row(2, 1, "Added", "Do it.")})
        assert client.post(editor_url(saved), form).status_code == 302
        titles = [r["title"] for r in saved.reports.get().recommendations]
        assert titles == ["Typed 2", "Added", "Typed 1"]


class TestTheCap:
    def test_a_full_draft_opens_with_every_recommendation_and_saves_them_all(self, client, saved):
        full = [{**SAVED[0], "title": f"Saved {n}"} for n in range(services.RECOMMENDATIONS_MAX)]
        ReportVersion.objects.filter(benchmarking=saved).update(recommendations=full)
        client.login(username="exp", password=PASSWORD)
        form = opened(client, saved)
        assert form["count"] == str(services.RECOMMENDATIONS_MAX + 1)
        form["summary"] = "Still all of them."
        assert client.post(editor_url(saved), form).status_code == 302
        assert saved.reports.get().recommendations == full

    def test_more_recommendations_than_the_cap_are_refused(self, saved, people):
        many = [{"title": f"T{n}", "what": "W."} for n in range(services.RECOMMENDATIONS_MAX + 1)]
        with pytest.raises(StepRefused, match="at most 100 recommendations; this edit has 101"):
            services.report_edit(
                user=people.expert,
                version=saved.reports.get(),
                summary="S.",
                recommendations=many,
                expected_revision=0,
            )
        assert unchanged(saved)


# Two editors at once: the expert and the secretariat edit the same draft. The later
# save, made on what the earlier one replaced, is refused instead of overwriting it.


@pytest.fixture
def overtaken(client, saved, people):
    """The expert opened the editor; the secretariat saved the draft in the meantime; the
    expert saves what they typed on the text they opened."""
    client.login(username="exp", password=PASSWORD)
    form = opened(client, saved)
    services.report_edit(
        user=people.secretariat,
        version=saved.reports.get(),
        summary="The secretariat's summary.",
        recommendations=[{"title": "The secretariat's advice", "what": "Do theirs."}],
        expected_revision=0,
    )
    form["summary"] = "The expert's summary, typed meanwhile."
    form["r0-title"] = "The expert's advice"
    return client.post(editor_url(saved), form), saved


class TestTwoEditorsAtOnce:
    def test_a_save_on_an_older_revision_is_refused_with_409(self, overtaken):
        response, engagement = overtaken
        assert response.status_code == 409
        version = engagement.reports.get()
        assert version.summary == "The secretariat's summary."
        assert version.revision == 1

    def test_everything_typed_is_kept(self, overtaken):
        text = overtaken[0].content.decode()
        assert "The expert&#x27;s summary, typed meanwhile." in text
        assert 'value="The expert&#x27;s advice"' in text
        assert 'value="Saved 2"' in text

    def test_it_says_who_saved_and_when_and_shows_what_they_saved(self, overtaken, people):
        response, engagement = overtaken
        saved_at = engagement.reports.get().edited_at
        assert "Not saved: Sabine saved this draft at " in alert(response)
        assert formats.date_format(saved_at, "SHORT_DATETIME_FORMAT") in alert(response)
        text = response.content.decode()
        meanwhile = text[text.index('id="saved-meanwhile"') :]
        assert "The secretariat&#x27;s summary." in meanwhile
        assert "The secretariat&#x27;s advice" in meanwhile

    def test_saving_again_after_merging_replaces_their_text(self, client, overtaken):
        response, engagement = overtaken
        form = EditForm()
        form.feed(response.content.decode())
        assert form.fields["revision"] == "1"
        assert client.post(editor_url(engagement), form.fields).status_code == 302
        version = engagement.reports.get()
        assert version.summary == "The expert's summary, typed meanwhile."
        assert version.revision == 2

    def test_the_same_person_in_two_windows_is_told_it_was_them(self, client, saved):
        client.login(username="exp", password=PASSWORD)
        first, second = opened(client, saved), opened(client, saved)
        second["summary"] = "Typed in the second window."
        assert client.post(editor_url(saved), first).status_code == 302
        response = client.post(editor_url(saved), second)
        assert response.status_code == 409
        assert "Not saved: you saved this draft in another window" in alert(response)

    def test_the_same_form_sent_twice_is_saved_once_without_a_conflict(self, client, saved):
        # A double click on Save: the second request carries nothing the first did not.
        client.login(username="exp", password=PASSWORD)
        form = {**opened(client, saved), "summary": "Sent twice."}
        assert client.post(editor_url(saved), form).status_code == 302
        assert client.post(editor_url(saved), form).status_code == 302
        version = saved.reports.get()
        assert (version.summary, version.revision) == ("Sent twice.", 1)

    def test_a_revision_ahead_of_the_saved_one_is_a_conflict(self, client, saved):
        client.login(username="exp", password=PASSWORD)
        response = client.post(editor_url(saved), typed_form(revision="7"))
        assert response.status_code == 409, alert(response)
        assert "Not saved: someone else saved this draft after you opened it." in alert(response)
        assert unchanged(saved)


class TestTheEditService:
    def test_a_save_raises_the_revision_and_records_who_and_when(self, saved, people):
        version = services.report_edit(
            user=people.expert,
            version=saved.reports.get(),
            summary="S.",
            recommendations=SAVED,
            expected_revision=0,
        )
        stored = ReportVersion.objects.get(pk=version.pk)
        assert (stored.revision, stored.edited_by) == (1, people.expert)
        assert stored.edited_at is not None

    def test_a_stale_revision_raises_the_conflict_with_the_saved_version(self, saved, people):
        version = saved.reports.get()
        services.report_edit(
            user=people.expert,
            version=version,
            summary="First.",
            recommendations=SAVED,
            expected_revision=0,
        )
        with pytest.raises(services.EditConflict) as conflict:
            services.report_edit(
                user=people.secretariat,
                version=version,
                summary="Second.",
                recommendations=SAVED,
                expected_revision=0,
            )
        assert conflict.value.current.summary == "First."
        assert conflict.value.current.edited_by == people.expert
        assert ReportVersion.objects.get(pk=version.pk).summary == "First."
