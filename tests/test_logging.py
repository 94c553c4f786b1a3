"""What the log shows for expected refusals."""

import io
import logging

import pytest

from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def console():
    """The text the configured console handler writes during the test."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refused_step_logs_one_line_without_a_traceback(client, people, console):
    assert client.login(username="exp", password=PASSWORD)
    response = client.get("/engagements/request/")
    assert response.status_code == 403
    lines = console.getvalue().splitlines()
    assert lines == [
        "Forbidden (Permission denied): /engagements/request/ "
        "(Only cluster managers request benchmarkings.)"
    ]


def test_a_server_error_still_logs_its_traceback(client, console, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("broken/", broken)]})
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500
    assert "Traceback" in console.getvalue() and "RuntimeError: boom" in console.getvalue()
