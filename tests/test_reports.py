import datetime as dt
import hashlib
import importlib
import io
import re

import numpy as np
import pikepdf
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from pypdf import PdfReader

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, EngagementEvent
from clusterbench.errors import StepRefused
from clusterbench.interviews.models import Answer
from clusterbench.peers.analysis import snapshot_freeze
from clusterbench.reports import services, tasks
from clusterbench.reports.build import report_document
from clusterbench.reports.document import Callout, Document, Facts, Figure, Section, Table
from clusterbench.reports.formatting import number
from clusterbench.reports.html import render_html
from clusterbench.reports.inputs import report_input
from clusterbench.reports.models import ReportVersion
from clusterbench.reports.pdf import render_pdf
from clusterbench.reports.selectors import released_document
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster

SNAPSHOT_MIGRATION = importlib.import_module(
    "clusterbench.reports.migrations.0005_drafts_on_the_released_snapshot"
)
PEER_V4 = [1001.37 + 7.1 * i for i in range(12)]  # distinctive peer values


@pytest.fixture
def interviewed(framework, cluster, people):
    """A closed interview with 12 peers before it; drafting runs inline in tests."""
    for i, v4 in enumerate(PEER_V4):
        make_benchmarking(
            framework,
            new_cluster(f"Peer {i}", "RS" if i < 6 else "DE"),
            dt.date(2026, 1, 1),
            V4=v4,
            S1=40 + i,
        )
    engagement = make_benchmarking(
        framework, cluster, dt.date(2026, 10, 1), status="scheduled", V4=1050, A5=None
    )
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def draft(interviewed, django_capture_on_commit_callbacks):
    return interviewed.reports.get()


class TestDrafting:
    def test_closing_the_interview_drafts_the_report_in_the_background(
        self, framework, cluster, people, django_capture_on_commit_callbacks
    ):
        engagement = make_benchmarking(framework, cluster, dt.date(2026, 10, 1), status="scheduled")
        engagement.expert = people.expert
        engagement.save()
        with django_capture_on_commit_callbacks(execute=True):
            flow.interview_close(user=people.expert, benchmarking=engagement)
        engagement.refresh_from_db()
        assert engagement.status == Benchmarking.Status.DRAFT_READY
        draft = engagement.reports.get()
        assert draft.status == "draft" and draft.snapshot.subject == engagement

    def test_a_failed_render_is_retried_then_reported_and_nothing_is_stored(
        self, framework, cluster, people, monkeypatch
    ):
        engagement = make_benchmarking(
            framework, cluster, dt.date(2026, 10, 1), status="interviewed"
        )
        calls = []

        def broken(document, **kwargs):
            calls.append(1)
            raise RuntimeError("typst crashed")

        monkeypatch.setattr(services, "render_pdf", broken)
        monkeypatch.setattr(tasks.time, "sleep", lambda seconds: None)
        with pytest.raises(RuntimeError):
            tasks.report_draft_task.call(engagement.pk)
        assert len(calls) == tasks.ATTEMPTS
        assert not ReportVersion.objects.exists()
        assert Benchmarking.objects.get(pk=engagement.pk).status == "interviewed"
        assert EngagementEvent.objects.filter(
            benchmarking=engagement, description__startswith="Drafting the report failed"
        ).exists()


@pytest.fixture
def interviewed_with_draft(interviewed, django_capture_on_commit_callbacks):
    if not interviewed.reports.exists():
        services.report_draft_ready(user=None, benchmarking=interviewed)
    return interviewed


@pytest.fixture
def pdf_and_document(interviewed_with_draft):
    version = interviewed_with_draft.reports.get()
    document = services.report_build(version)
    return render_pdf(document), document


class TestThePdf:
    def test_it_opens_in_standard_tools_with_55_to_80_pages(self, pdf_and_document):
        pdf, _ = pdf_and_document
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            assert 55 <= len(opened.pages) <= 80

    def test_it_embeds_its_fonts(self, pdf_and_document):
        pdf, _ = pdf_and_document
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            fonts = [
                obj
                for obj in opened.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
            ]
            assert fonts
            for font in fonts:
                assert any(key in font for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    def test_its_text_has_the_cluster_and_all_36_indicator_names(
        self, pdf_and_document, framework_spec
    ):
        pdf, _ = pdf_and_document
        text = pdf_text(pdf)
        assert "Belgrade Test Cluster" in text
        for indicator in framework_spec.indicators:
            assert indicator.name in text, indicator.code


class TestHtmlAndPdfShowTheSameNumbers:
    def test_every_number_of_the_document_appears_in_both(self, pdf_and_document):
        pdf, document = pdf_and_document
        html = render_html(document)
        text = pdf_text(pdf)
        numbers = {
            cell
            for section in document.sections
            for block in section.blocks
            if isinstance(block, Table)
            for row in block.rows
            for cell in row
            if re.fullmatch(r"[-\d.,]+( %)?", cell)
        }
        assert len(numbers) > 50
        for figure in numbers:
            assert figure in html, figure
            assert figure in text, figure

    def test_each_figure_is_numbered_alike_in_both(self, pdf_and_document):
        # The model numbers the figures in reading order; the HTML page and the PDF each
        # caption them "Figure N: ..." from that number (the PDF no longer counts them).
        pdf, document = pdf_and_document
        figures = [b for s in document.sections for b in s.blocks if isinstance(b, Figure)]
        assert [f.number for f in figures] == list(range(1, len(figures) + 1))
        html = render_html(document)
        text = pdf_text(pdf)
        for figure in figures:
            assert f"<figcaption>Figure\u00a0{figure.number}: " in html
            assert f"Figure {figure.number}: {figure.caption[:30]}" in text.replace("\u00a0", " ")


class TestPrivacy:
    def test_no_peer_minimum_or_maximum_appears_anywhere(self, pdf_and_document):
        pdf, document = pdf_and_document
        text = pdf_text(pdf)
        svgs = " ".join(b.svg for s in document.sections for b in s.blocks if isinstance(b, Figure))
        for extreme in (min(PEER_V4), max(PEER_V4)):
            shown = number(extreme)
            assert shown not in text and shown not in " ".join(document.texts())
            assert shown not in svgs


class TestWithheldFiguresInTheReport:
    def v4_page(self, document):
        return next(s for s in document.sections if s.id == "indicator-V4")

    def test_a_withheld_figure_says_withheld_and_why(self, pdf_and_document):
        _pdf, document = pdf_and_document
        page = self.v4_page(document)
        table = next(b for b in page.blocks if isinstance(b, Table))
        country = next(row for row in table.rows if row[0].startswith("Same country"))
        _group, n, p10, p25, median, p75, p90, rank = country
        assert n == "6" and (p10, p25, p75, p90) == ("withheld",) * 4
        assert median == number(float(np.median(PEER_V4[:6])))
        assert rank.endswith("quarter")
        text = " ".join(document.texts())
        assert "P25 and P75 of same country: Serbia are published from 10 peers" in text
        assert "P10 and P90 of same country: Serbia are published from 20 peers" in text

    def test_the_method_chapter_states_the_rule_in_plain_words(self, pdf_and_document):
        pdf, document = pdf_and_document
        about = next(s for s in document.sections if s.id == "about")
        rule = " ".join(b.text for b in about.blocks if hasattr(b, "text"))
        assert "The median is shown from 5 peers, the 25th and 75th percentiles from 10" in rule
        assert "as a number from 20 peers, below that as its quarter" in rule
        assert "disclosure policy 2026.1" in pdf_text(pdf)

    def test_a_group_with_only_a_median_is_drawn_without_a_box_or_whiskers(self):
        from clusterbench.reports.charts import BLUE, SKY, distribution

        def chart(**figures):
            group = {"label": "Group", "shown": True, "note": ""}
            group.update(dict.fromkeys(("p10", "p25", "median", "p75", "p90")))
            group.update(figures)
            return distribution([group], None, "")

        everything = chart(p10=1.0, p25=2.0, median=3.0, p75=4.0, p90=5.0)
        median_only = chart(median=3.0)
        # One box less and one line less (the whisker); the median mark is in both.
        assert everything.count("<rect") == 1 and median_only.count("<rect") == 0
        whisker = f'stroke="{SKY}"'
        assert everything.count(whisker) == 1
        assert whisker not in median_only
        assert median_only.count(f'stroke="{BLUE}" stroke-width="2.6"') == 1


@pytest.fixture
def in_review(interviewed_with_draft, people):
    workflow.review_start(user=people.expert, benchmarking=interviewed_with_draft)
    return Benchmarking.objects.get(pk=interviewed_with_draft.pk)


class TestReviewAndRelease:
    def test_the_expert_edits_summary_and_recommendations_and_sees_them(self, client, in_review):
        client.login(username="exp", password=PASSWORD)
        page = client.get(f"/engagements/{in_review.pk}/report/edit/")
        assert page.status_code == 200
        response = client.post(
            f"/engagements/{in_review.pk}/report/edit/",
            {
                "summary": "A strong network with a clear plan.",
                "count": "2",
                "revision": "0",
                "r0-order": "2",
                "r0-title": "Second now",
                "r0-what": "Do B.",
                "r0-why": "",
                "r0-first_step": "",
                "r0-reason": "",
                "r1-order": "1",
                "r1-title": "My own advice",
                "r1-what": "Do A.",
                "r1-why": "Because.",
                "r1-first_step": "Start today.",
                "r1-reason": "",
            },
        )
        assert response.status_code == 302
        report = client.get(f"/engagements/{in_review.pk}/report/").text
        assert "A strong network with a clear plan." in report
        assert report.index("1. My own advice") < report.index("2. Second now")

    def test_a_recommendation_needs_a_title_and_what_to_do(self, in_review, people):
        with pytest.raises(StepRefused, match="Recommendation 1 needs what to do"):
            services.report_edit(
                user=people.expert,
                version=in_review.reports.get(),
                summary="",
                recommendations=[{"title": "T"}],
                expected_revision=0,
            )

    def test_the_manager_cannot_edit_or_see_the_draft(self, client, in_review):
        client.login(username="man", password=PASSWORD)
        assert client.get(f"/engagements/{in_review.pk}/report/").status_code == 404
        assert client.get(f"/engagements/{in_review.pk}/report/pdf/").status_code == 404

    def test_release_stores_an_immutable_version_with_identifier_and_hash(
        self, in_review, people, client
    ):
        version = flow.report_release(user=people.secretariat, version=in_review.reports.get())
        assert re.fullmatch(r"SRB\d{3}202610C\d{2}\d{4}", version.identifier)
        stored = version.pdf.read()
        assert hashlib.sha256(stored).hexdigest() == version.pdf_sha256
        assert Benchmarking.objects.get(pk=in_review.pk).status == "released"
        with pytest.raises(StepRefused, match="A released report cannot change"):
            services.report_edit(
                user=people.secretariat,
                version=version,
                summary="x",
                recommendations=[],
                expected_revision=0,
            )
        client.login(username="man", password=PASSWORD)
        response = client.get(f"/engagements/{in_review.pk}/report/pdf/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == stored

    def test_a_released_report_re_rendered_from_its_snapshot_is_the_same(self, in_review, people):
        version = flow.report_release(user=people.secretariat, version=in_review.reports.get())
        stored = services.report_build(version)
        # Peers change afterwards; the snapshot does not.
        Answer.objects.exclude(benchmarking=in_review).filter(indicator__code="V4").update(value=5)
        again = report_document(
            report_input(
                benchmarking=in_review,
                snapshot_data=version.snapshot.data,
                snapshot_date=version.snapshot.reference_date,
                identifier=version.identifier,
                issued=version.released_at.date(),
                summary=version.summary,
                recommendations=version.recommendations,
                status="released",
                version=version.number,
            )
        )
        assert again == stored

    def test_a_correction_is_a_new_version_naming_the_old_one(self, in_review, people):
        first = flow.report_release(user=people.secretariat, version=in_review.reports.get())
        correction = services.report_correct(user=people.secretariat, version=first)
        assert correction.number == 2 and correction.replaces == first
        released = flow.report_release(user=people.secretariat, version=correction)
        assert released.identifier != first.identifier
        facts = dict(services.report_build(released).facts)
        assert facts["Version"] == f"2, replaces {first.identifier}"
        assert ReportVersion.objects.get(pk=first.pk).pdf_sha256 == first.pdf_sha256
        # Each release is on the timeline, the correction with its number and identifier.
        steps = [event.text for event in in_review.events.all()]
        assert steps[-2] == "Report released"
        assert steps[-1] == f"Report version 2 released in English: {released.identifier}"

    def test_a_correction_compares_with_the_peers_its_original_was_released_with(
        self, framework, in_review, people
    ):
        # A peer benchmarked between the release and the correction, in all three of the
        # subject's groups: compared with a newer population, the correction's group sizes
        # (one more) and medians would give the newcomer's values away.
        first = flow.report_release(user=people.secretariat, version=in_review.reports.get())
        make_benchmarking(framework, new_cluster("Newcomer", "RS"), dt.date(2026, 9, 1), V4=1099)
        correction = services.report_correct(user=people.secretariat, version=first)
        released = flow.report_release(user=people.secretariat, version=correction)
        before, after = services.report_build(first), services.report_build(released)
        assert v4_rows(after) == v4_rows(before)
        assert v4_rows(after)["Same country: Serbia"][0] == "6"
        assert after.sections == before.sections  # every peer figure, not only V4's
        assert released.snapshot_id == first.snapshot_id

    def test_a_correction_shows_the_clusters_corrected_answers_against_the_same_peers(
        self, framework, in_review, people
    ):
        # The subject's own answers are not in the snapshot: they are read afresh.
        first = flow.report_release(user=people.secretariat, version=in_review.reports.get())
        make_benchmarking(framework, new_cluster("Newcomer", "RS"), dt.date(2026, 9, 1), V4=1099)
        Answer.objects.filter(benchmarking=in_review, indicator__code="V4").update(value=1077)
        correction = services.report_correct(user=people.secretariat, version=first)
        released = flow.report_release(user=people.secretariat, version=correction)
        before, after = services.report_build(first), services.report_build(released)
        assert number(1077) in " ".join(after.texts())
        assert number(1077) not in " ".join(before.texts())
        peers = [row[:-1] for row in v4_rows(before).values()]  # n and percentiles, no rank
        assert [row[:-1] for row in v4_rows(after).values()] == peers

    def test_a_version_on_other_peers_than_the_released_one_is_not_released(
        self, framework, in_review, people
    ):
        # A correction drafted on a newer snapshot (as one was before corrections kept
        # their original's) is refused, so no manager reads two populations side by side.
        first = flow.report_release(user=people.secretariat, version=in_review.reports.get())
        make_benchmarking(framework, new_cluster("Newcomer", "RS"), dt.date(2026, 9, 1), V4=1099)
        correction = services.report_correct(user=people.secretariat, version=first)
        ReportVersion.objects.filter(pk=correction.pk).update(
            snapshot=snapshot_freeze(benchmarking=in_review)
        )
        correction.refresh_from_db()
        with pytest.raises(StepRefused, match="other peers than the released report"):
            flow.report_release(user=people.secretariat, version=correction)
        assert not ReportVersion.objects.get(pk=correction.pk).is_released
        # The data migration moves such a draft to the released version's snapshot.
        SNAPSHOT_MIGRATION.drafts_on_the_released_snapshot(django_apps, None)
        correction.refresh_from_db()
        assert correction.snapshot_id == first.snapshot_id
        released = flow.report_release(user=people.secretariat, version=correction)
        assert v4_rows(services.report_build(released)) == v4_rows(services.report_build(first))

    def test_only_the_secretariat_releases(self, in_review, people):
        with pytest.raises(StepRefused, match="Only the secretariat releases"):
            flow.report_release(user=people.expert, version=in_review.reports.get())


def v4_rows(document: Document) -> dict[str, tuple[str, ...]]:
    """The V4 page's comparison table by group: n, P10, P25, median, P75, P90, rank."""
    page = next(s for s in document.sections if s.id == "indicator-V4")
    table = next(b for b in page.blocks if isinstance(b, Table))
    return {row[0]: row[1:] for row in table.rows}


class TestTheRenderCommand:
    def test_it_writes_the_pdf_and_the_html(self, interviewed_with_draft, tmp_path):
        call_command(
            "render",
            str(interviewed_with_draft.pk),
            "-o",
            str(tmp_path / "r.pdf"),
            "--html",
            str(tmp_path / "r.html"),
        )
        assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
        assert "Belgrade Test Cluster" in (tmp_path / "r.html").read_text(encoding="utf-8")

    def test_a_released_report_is_written_from_its_stored_document(
        self, in_review, people, tmp_path
    ):
        released = flow.report_release(user=people.secretariat, version=in_review.reports.get())
        # Stand-in for a report released long ago, whose document differs from a rebuild.
        stored = {**released.document, "title": "Report As Released"}
        ReportVersion.objects.filter(pk=released.pk).update(document=stored)
        assert released_document(in_review).title == "Report As Released"
        call_command("render", str(in_review.pk), "--html", str(tmp_path / "r.html"))
        assert "Report As Released" in (tmp_path / "r.html").read_text(encoding="utf-8")

    def test_a_draft_has_no_released_document_and_is_built(self, interviewed_with_draft, tmp_path):
        assert released_document(interviewed_with_draft) is None
        call_command("render", str(interviewed_with_draft.pk), "--html", str(tmp_path / "r.html"))
        assert "Draft for review" in (tmp_path / "r.html").read_text(encoding="utf-8")

    def test_an_unknown_benchmarking_is_named(self, db, tmp_path):
        from django.core.management import CommandError

        with pytest.raises(CommandError, match="No benchmarking with id 987654"):
            call_command("render", "987654", "-o", str(tmp_path / "r.pdf"))


def test_a_document_as_a_dict_is_what_dataclasses_asdict_gives():
    """as_dict skips asdict's deep copies; the result must not differ in a value or a type
    (tuples stay tuples: the stored document and the PDF's JSON come from it)."""
    import dataclasses

    document = Document(
        title="T",
        cluster_name="Č",
        cluster_name_en="C",
        identifier="X1",
        facts=(("a", "b"),),
        status="draft",
        sections=(
            Section(
                "s",
                "S",
                (
                    Table(("A", "B"), (("1", "2"), ("3", "4")), widths=(2, 1)),
                    Facts((("k", "v"),)),
                    Callout("text", tone="strength", title="t"),
                    Table(("A",), [["5"]]),  # lists stay lists, as asdict keeps them
                ),
                level=2,
                new_page=False,
            ),
        ),
    )
    expected = dataclasses.asdict(document)
    assert document.as_dict() == expected
    assert repr(document.as_dict()) == repr(expected)
