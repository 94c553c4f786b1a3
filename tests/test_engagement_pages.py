"""Where am I, what needs me: the engagement page shows its step, only the next steps that
exist, and messages that say what happened."""

import pytest

from clusterbench.engagements import workflow
from clusterbench.offers import quotes
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def requested(framework, cluster, people):
    return workflow.engagement_request(user=people.manager, cluster=cluster)


def page(client, username, engagement):
    assert client.login(username=username, password=PASSWORD)
    return client.get(f"/engagements/{engagement.pk}/").content.decode()


def test_the_step_indicator_marks_the_current_step(client, requested, people):
    quotes.quote_issue(user=people.secretariat, benchmarking=requested)
    text = page(client, "man", requested)
    assert '<ol class="steps" aria-label="Steps of the engagement">' in text
    assert '<li class="done"><span class="visually-hidden">done: </span>Requested</li>' in text
    assert '<li class="current" aria-current="step">Quoted</li>' in text
    assert '<li class="todo">Released</li>' in text


def test_no_next_steps_section_when_there_is_nothing_to_do(
    client, framework, cluster, people, engagement_at
):
    engagement = engagement_at(framework, cluster, people, "interviewed")
    assert "Next steps" not in page(client, "exp", engagement)
    assert "Next steps" in page(client, "sec", engagement)


def test_the_proposed_times_disappear_once_one_is_confirmed(
    client, framework, cluster, people, engagement_at
):
    engagement = engagement_at(framework, cluster, people, "scheduled")
    engagement.slots.create(start=engagement.interview_start, confirmed=True)
    assert "Proposed times" not in page(client, "man", engagement)


def test_the_timeline_names_the_actor_once(client, requested, people):
    text = page(client, "man", requested)
    timeline = text[
        text.index('<ol class="timeline">') : text.index("</ol>", text.index("timeline"))
    ]
    assert "Benchmarking requested" in timeline
    assert timeline.count("by man") == 1


def test_a_step_says_what_happened_not_just_done(client, requested, people):
    client.login(username="sec", password=PASSWORD)
    response = client.post(
        f"/engagements/{requested.pk}/assign/", {"expert": people.expert.pk}, follow=True
    )
    text = response.content.decode()
    assert "Expert assigned: Ed Expert." in text
    assert "Done." not in text


def test_the_steps_are_text_in_the_readers_language_with_their_status(
    framework, cluster, people, engagement_at
):
    from django.utils import translation

    from clusterbench.engagements.selectors import engagement_steps

    engagement = engagement_at(framework, cluster, people, "scheduled")
    with translation.override("sr-latn"):
        steps = engagement_steps(engagement)
    assert all(type(step["label"]) is str for step in steps)  # not a lazy translation
    assert steps[3] == {"status": "scheduled", "label": "Zakazano", "state": "current"}
    assert [step["status"] for step in steps[:2]] == ["requested", "quoted"]


def test_each_workspace_is_called_what_the_engagement_page_calls_it(
    client, framework, cluster, people, engagement_at
):
    """The link on the engagement page, the workspace's heading and its title (the
    browser's tab) name the same thing: the cluster's self-assessment, the expert's
    interview workspace, the secretariat's view of the answers."""
    engagement = engagement_at(framework, cluster, people, "scheduled")
    for username, name in (
        ("man", "Self-assessment"),
        ("exp", "Interview workspace"),
        ("sec", "Answers"),
    ):
        detail = page(client, username, engagement)
        assert f'/interview/">{name}</a>' in detail, username
        workspace = client.get(f"/engagements/{engagement.pk}/interview/").content.decode()
        assert f"<h1>{name}: " in workspace, username
        assert f"<title>{name} · " in workspace, username
