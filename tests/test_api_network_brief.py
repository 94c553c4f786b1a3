"""The network brief as JSON is the brief of the network page, from the same selector:
every figure published under the disclosure rule, no member's own value anywhere."""

import datetime as dt
import json

from django.core.cache import cache

from clusterbench.networks.selectors import network_brief_get
from tests.api_fixtures import bearer
from tests.engagement_fixtures import make_benchmarking, new_cluster

TELLTALE = 17_171  # one member's S1: it must never leave the server


def test_the_api_brief_is_the_page_brief_and_carries_no_members_value(
    client, framework, people, tokens
):
    for i in range(8):
        make_benchmarking(framework, new_cluster(f"Outsider {i}"), dt.date(2025, 3, 1), S1=40 + i)
    for i in range(6):
        member = new_cluster(f"Member {i}", country="RS")
        value = TELLTALE if i == 0 else 100_000 + 10_000 * i
        make_benchmarking(framework, member, dt.date(2025, 5, 1), S1=value)
        people.network.members.add(member)
    cache.clear()

    response = client.get(
        f"/api/v1/networks/{people.network.pk}/brief", **bearer(tokens["coordinator"])
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    page = network_brief_get(people.network)
    for key in ("framework", "members", "shown", "areas", "strongest", "weakest", "method"):
        assert body[key] == page[key], key
    assert body["shown"] and body["date"] == dt.date.today().isoformat()
    text = json.dumps(body)
    assert str(TELLTALE) not in text and "17,171" not in text and "17 171" not in text
