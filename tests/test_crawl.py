"""Every kind of page, for every role, on the demonstration data: no server error.

The demonstration population and accounts are built with the project's own services (as
`make demo` does), then each role follows every link it is shown, breadth first. Pages
that differ only by their numbers (one cluster's page and the next) are sampled a few
times per kind, so the crawl covers every kind of page and stays fast.
"""

import re
import time
from collections import defaultdict, deque
from urllib.parse import urljoin, urlsplit

import pytest

from clusterbench.demo.ladder import demo_ladder_accounts, demo_ladder_create
from clusterbench.demo.services import (
    demo_accounts_create,
    demo_engagements_create,
    demo_group_bids_create,
    demo_labels_create,
    demo_population_create,
)

ROLES = [None, "secretariat", "expert", "manager", "coordinator", "auditor", "manager2"]
PER_KIND = 3  # pages visited per kind of URL
SKIP = re.compile(r"^/(static|media)/|^/accounts/logout/|/(delete|history)/$|^/admin/.+/add/")
HREF = re.compile(r'href="([^"#]+)')


def kind(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def crawl(client, start: list[str]) -> tuple[dict[str, int], int]:
    seen, per_kind, statuses = set(), defaultdict(int), {}
    queue = deque(start)
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        admin_filter = parts.path.startswith("/admin/") and parts.query  # sorts and filters
        if url in seen or SKIP.search(parts.path) or admin_filter:
            continue
        if per_kind[kind(url)] >= PER_KIND:
            continue
        seen.add(url)
        per_kind[kind(url)] += 1
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            if target.netloc in ("", "testserver") and target.path.startswith("/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return statuses, len(per_kind)


@pytest.mark.django_db
def test_no_page_of_any_role_answers_a_server_error(client, framework, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    started = time.perf_counter()
    demo_population_create(framework=framework)
    accounts = {account.username: account.password for account in demo_accounts_create()}
    demo_labels_create()
    demo_engagements_create()
    demo_group_bids_create()
    accounts.update({account.username: account.password for account in demo_ladder_accounts()})
    demo_ladder_create()
    built = time.perf_counter() - started
    errors, visited, kinds = [], 0, 0
    for role in ROLES:
        client.logout()
        if role is not None:
            assert client.login(username=role, password=accounts[role])
        statuses, count = crawl(client, ["/", "/engagements/", "/networks/", "/admin/", "/ladder/"])
        visited += len(statuses)
        kinds += count
        errors += [(role, url, code) for url, code in statuses.items() if code >= 500]
    print(f"demo data in {built:.0f} s; {visited} pages of {kinds} kinds crawled")
    assert visited > 150
    assert errors == []
