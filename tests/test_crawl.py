"""Every kind of page, for every role, on the demonstration data: no server error, and in
Serbian no English prose.

The demonstration population and accounts are built with the project's own services (as
`make demo` does), then each role follows every link it is shown, breadth first. Pages
that differ only by their numbers (one cluster's page and the next) are sampled a few
times per kind, so the crawl covers every kind of page and stays fast. Each page is
fetched in English and in Serbian (Latin script), the language a Serbian user chooses.
"""

import re
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from clusterbench.accounts.models import User
from clusterbench.clusters.names import names_in
from clusterbench.demo.ladder import demo_ladder_accounts, demo_ladder_create
from clusterbench.demo.services import (
    demo_accounts_create,
    demo_engagements_create,
    demo_group_bids_create,
    demo_labels_create,
    demo_population_create,
)
from clusterbench.methodology.loader import bundled_framework_files, framework_load
from clusterbench.offers.quotes import price_list_current
from tests.english_words import english_prose, words

ROLES = [None, "secretariat", "expert", "manager", "coordinator", "auditor", "manager2"]
PER_KIND = 3  # pages visited per kind of URL
SKIP = re.compile(r"^/(static|media)/|^/accounts/logout/|/(delete|history)/$|^/admin/.+/add/")
HREF = re.compile(r'href="([^"#]+)')
SERBIAN = "sr-latn"


def kind(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


@dataclass
class Page:
    role: str | None
    url: str
    status: int
    html: str = ""  # an HTML page in English
    serbian_status: int = 0
    serbian_html: str = ""


class VisibleText(HTMLParser):
    """The pieces of text a reader sees or hears: text outside scripts and styles, and the
    labels of controls and images (title, aria-label, placeholder, alt, a button's value),
    leaving out what is marked as written in another language (lang="en": the language
    switcher's names, a report shown in English)."""

    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
    HIDDEN = ("script", "style", "template", "code", "pre", "kbd", "samp")

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language, self.pieces, self.skipped = language, [], []  # [tag, depth]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipped and self.skipped[-1][0] == tag:
            self.skipped[-1][1] += 1
        lang = (attrs.get("lang") or "").lower()
        if tag in self.HIDDEN or (lang and not lang.startswith(self.language)):
            self.skipped.append([tag, 1])
        if self.skipped:
            return
        self.pieces += [attrs[name] or "" for name in self.ATTRIBUTES if name in attrs]
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.pieces.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if self.skipped and self.skipped[-1][0] == tag:
            self.skipped[-1][1] -= 1
            if not self.skipped[-1][1]:
                self.skipped.pop()

    def handle_data(self, data):
        if not self.skipped:
            self.pieces.append(data)


def text_pieces(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    pieces = (re.sub(r"\s+", " ", piece).strip() for piece in parser.pieces)
    return [piece for piece in pieces if piece]


# What pages show as written, in every language: names, addresses, codes, and what people
# entered (evidence, qualitative answers, reasons), by model and field.
AS_WRITTEN = {
    "ClusterOrganisation": (
        "name", "name_en", "region", "website", "address", "contact_name", "contact_email",
    ),
    "User": ("first_name", "last_name", "username", "email"),
    "Network": ("name",),
    "GroupBid": ("name",),
    "ApiToken": ("name",),
    "Answer": ("evidence",),
    "QualitativeEntry": ("title", "text", "partners"),
    "Benchmarking": ("request_note", "interview_location"),
    "ConflictOfInterest": ("reason",),
    "Quote": ("decline_reason",),
    "Label": ("revoked_reason",),
    "ReportVersion": ("summary",),
    "GoldScore": ("reason",),
    "ImprovementArea": ("actions", "evidence", "finding", "weakness"),
    "Application": ("audit_location", "baseline_note", "decision_reason"),
}  # fmt: skip
# Not yet translated (README, "Languages and translation"): the admin's labels of this
# project's models.
NOT_YET_CHECKED = ("/admin/",)
# Codes and what no language translates: certificate and quote numbers, time zones, formats.
CODES = re.compile(
    r"https?://\S*|\b[\w-]*\d[\w-]*\b|\b\w+/[\w/+-]*|"
    r"\b(?:ClusterBench|PDF|CSV|ECEI|ISO|zip|ics|JSON|UTC|NUTS|API|KPIs?|CRM)\b"
)
TOKEN = re.compile(r"\w+")
# The Serbian names of countries and portfolios: many are spelled as in English (Brazil).
SERBIAN_NAMES = words(" ".join(names_in(SERBIAN)["countries"].values()))


class AsWritten:
    """Texts shown as written, found in a piece of a page by the text's rarest word."""

    def __init__(self, texts: set[str]):
        self.texts = texts
        counts = Counter(w for text in texts for w in set(TOKEN.findall(text.lower())))
        self.by_word = defaultdict(list)
        for text in sorted(texts, key=len, reverse=True):
            tokens = TOKEN.findall(text.lower())
            if tokens:
                self.by_word[min(tokens, key=counts.__getitem__)].append(text)

    def remove(self, piece: str) -> str:
        if piece in self.texts:
            return ""
        found = {
            text for token in TOKEN.findall(piece.lower()) for text in self.by_word.get(token, ())
        }
        # Longest first, whatever the order of the words: a name before the region it
        # contains ("Mreža građevinarstva - Bijelo Polje", "Bijelo Polje"), or the name is
        # left half removed.
        for text in sorted(found, key=lambda text: (-len(text), text)):
            piece = piece.replace(text, " ")
        return piece


def as_written_values() -> AsWritten:
    texts = set()
    models = {model.__name__: model for model in apps.get_models()}
    for name, fields in AS_WRITTEN.items():
        for field in fields:
            for value in models[name].objects.values_list(field, flat=True).distinct():
                value = re.sub(r"\s+", " ", value or "").strip()
                texts |= {value, value.partition("://")[2]} - {""}  # a website without https://
    supplier = price_list_current().supplier
    texts |= {supplier.name, *supplier.address}
    texts.add("European Cluster Collaboration Platform")  # a name, given beside its translation
    return AsWritten(texts)


def as_shown(pieces: list[str], as_written: AsWritten) -> str:
    """A page's text without what it shows as written and without codes."""
    return " ".join(CODES.sub(" ", as_written.remove(piece)).strip() for piece in pieces).strip()


def fetch(client, url: str, user: User | None, language: str):
    """A page in a language: a logged-in person's chosen language, else the cookie's."""
    if user is not None:
        User.objects.filter(pk=user.pk).update(language=language)
    client.cookies["django_language"] = language
    return client.get(url)


def crawl(client, role, user, start: list[str]) -> list[Page]:
    seen, per_kind, pages = set(), defaultdict(int), []
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
        response = fetch(client, url, user, "en-gb")
        page = Page(role, url, response.status_code)
        pages.append(page)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        page.html = html
        serbian = fetch(client, url, user, SERBIAN)
        page.serbian_status = serbian.status_code
        if serbian.status_code == 200:
            page.serbian_html = serbian.content.decode()
        for href in HREF.findall(html):
            target = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            if target.netloc in ("", "testserver") and target.path.startswith("/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every role's pages over the demonstration data, in English and in Serbian, and
    what the data has as written (AS_WRITTEN). Built
    once for the module's tests (the demonstration takes most of the time), in a
    transaction rolled back at the end. A module's fixture runs before the tests' own
    settings (conftest.py), so it sets those the crawl needs itself."""
    quick = override_settings(
        DEBUG=False,
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    pages = []
    with django_db_blocker.unblock(), quick, transaction.atomic():
        started = time.perf_counter()
        framework, _ = framework_load(path=bundled_framework_files()[0])
        demo_population_create(framework=framework)
        accounts = {account.username: account.password for account in demo_accounts_create()}
        demo_labels_create()
        demo_engagements_create()
        demo_group_bids_create()
        accounts.update({a.username: a.password for a in demo_ladder_accounts()})
        demo_ladder_create()
        built = time.perf_counter() - started
        for role in ROLES:
            client = Client(raise_request_exception=False)
            user = None
            if role is not None:
                assert client.login(username=role, password=accounts[role])
                user = User.objects.get(username=role)
            start = ["/", "/engagements/", "/networks/", "/admin/", "/ladder/"]
            pages += crawl(client, role, user, start)
        as_written = as_written_values()
        transaction.set_rollback(True)
        translation.deactivate()
    print(f"demo data in {built:.0f} s; {len(pages)} pages crawled")
    return pages, as_written


@pytest.mark.django_db  # pytest-django sets up the database only for tests marked so
def test_no_page_of_any_role_answers_a_server_error(crawled):
    pages, _ = crawled
    assert len(pages) > 150
    assert len({kind(page.url) for page in pages}) > 100
    errors = [(p.role, p.url, p.status) for p in pages if p.status >= 500]
    errors += [(p.role, p.url, p.serbian_status) for p in pages if p.serbian_status >= 500]
    assert errors == []


@pytest.mark.django_db
def test_no_page_in_serbian_shows_english_prose(crawled):
    """Each page's visible text in Serbian shares no word with the same page in English,
    other than what is shown as written (names, addresses, what people entered, codes)
    and words Serbian spells the same way; NOT_YET_CHECKED aside."""
    pages, as_written = crawled
    found = defaultdict(set)
    compared = 0
    for page in pages:
        if not page.serbian_html or page.url.startswith(NOT_YET_CHECKED):
            continue
        compared += 1
        english = as_shown(text_pieces(page.html, "en"), as_written)
        serbian = as_shown(text_pieces(page.serbian_html, "sr"), as_written)
        for word in english_prose(serbian, english, SERBIAN_NAMES):
            found[f"{page.role or 'anonymous'} {kind(page.url)}"].add(word)
    assert compared > 150
    assert not found, "\n".join(f"{where}: {sorted(w)}" for where, w in sorted(found.items()))


def test_a_text_written_inside_another_is_removed_after_it():
    """Whatever order a set gives the piece's words in (it changes with the hash seed)."""
    as_written = AsWritten({"Mreža građevinarstva - Bijelo Polje", "Bijelo Polje"})
    piece = "Mreža građevinarstva - Bijelo Polje · Crna Gora"
    assert as_written.remove(piece).strip() == "· Crna Gora"


def test_the_check_finds_english_prose():
    english = as_shown(
        text_pieces('<p title="Delete">Quote accepted for <b>Aalborg Cluster</b></p>', "en"),
        AsWritten({"Aalborg Cluster"}),
    )
    assert english == "Delete Quote accepted for"
    assert english_prose(english, english) == {"delete", "quote", "accepted", "for"}
