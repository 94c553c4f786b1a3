"""The admin in Serbian: the secretariat's tool names this project's apps, models, fields,
help texts and choices in the reader's language (Django translates its own words)."""

import datetime as dt
import html
import re
import sys
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib.admin import site
from django.contrib.auth.models import AbstractUser
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst

from clusterbench.accounts.services import user_create
from clusterbench.clusters.models import Country, Portfolio
from clusterbench.languages.catalogues import po_path

from .engagement_fixtures import make_benchmarking

sys.path.insert(0, str(Path(__file__).parent))
from english_words import english_prose, words

# Django's own fields (and name) of the user model, translated by Django's catalogue.
DJANGOS_USER_FIELDS = {f.name for f in AbstractUser._meta.get_fields()}
# Words the admin's Serbian shares with English here: "link" (as the catalogue writes it
# elsewhere), UTC, SHA-256 (a word "sha-" to the checker) and LDAP (in Django's own help).
SHARED_HERE = {"link", "utc", "sha-", "ldap"}
# The languages are named in themselves ("Srpski (latinica)") in every language.
NAMED_IN_THEMSELVES = {("accounts.User", "language")}


def _our_texts():
    """(where, text) for every app name, model name, field label, help text and choice
    label of this project."""
    for config in apps.get_app_configs():
        if not config.name.startswith("clusterbench."):
            continue
        yield config.label, config.verbose_name
        for model in config.get_models():
            label = model._meta.label
            if label != "accounts.User":  # named by Django's AbstractUser
                yield label, model._meta.verbose_name
                yield label, model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if field.auto_created or field.model is not model:
                    continue
                if label == "accounts.User" and field.name in DJANGOS_USER_FIELDS:
                    continue
                where = f"{label}.{field.name}"
                yield where, field.verbose_name
                if field.help_text:
                    yield where, field.help_text
                if field.choices and (label, field.name) not in NAMED_IN_THEMSELVES:
                    for _value, choice in field.flatchoices:
                        yield where, choice


def test_every_label_of_our_models_is_marked_and_translated():
    catalogue = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(po_path("sr_Latn"))).translated_entries()
        if not e.msgctxt
    }
    texts = list(_our_texts())
    assert len(texts) > 250
    unmarked = sorted(where for where, text in texts if not isinstance(text, Promise))
    assert unmarked == []
    with translation.override("en-gb"):
        english = [(where, str(text)) for where, text in texts]
    assert sorted({f"{where}: {text}" for where, text in english if text not in catalogue}) == []
    with translation.override("sr-latn"):
        assert [str(text) for _where, text in texts] == [catalogue[t] for _w, t in english]


def _content(page: str) -> str:
    """The text of the admin page's content: headings, labels, help, column titles,
    filters, messages (the header and the sidebar's model list aside)."""
    start = page.index('<div id="content"')
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page[start:], flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.django_db
def test_the_admin_shows_our_models_and_fields_in_serbian(client, framework, cluster):
    make_benchmarking(framework, cluster, dt.date(2025, 3, 1))
    user_create(username="sec", password="pw-long-enough", role="secretariat")
    client.login(username="sec", password="pw-long-enough")
    # The data shown as stored (names, codes, the framework's English text) is no prose.
    names = words(f"sec {cluster.name} {cluster.name_en} {cluster.country} {framework.title}")
    names |= SHARED_HERE | words(f"{framework.description} {framework.source_sha256}")
    names |= {w for c in Country.objects.all() for w in words(c.name)}  # the filter's
    names |= {w for p in Portfolio.objects.all() for w in words(p.name)}
    names |= {w for i in framework.indicators.all() for w in words(f"{i.name} {i.unit}")}
    names |= {w for c in framework.criteria.all() for w in words(c.name)}
    names |= {w for e in framework.eligibility.all() for w in words(e.requirement)}
    pages = [
        "/admin/clusters/clusterorganisation/",
        f"/admin/clusters/clusterorganisation/{cluster.pk}/change/",
        "/admin/engagements/benchmarking/",
        f"/admin/engagements/benchmarking/{cluster.benchmarkings.get().pk}/change/",
        f"/admin/methodology/framework/{framework.pk}/change/",
        "/admin/accounts/user/add/",
    ]
    for url in pages:
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-gb").text
        serbian = client.get(url, HTTP_ACCEPT_LANGUAGE="sr-latn").text
        assert english_prose(_content(serbian), _content(english), names) == set(), url
    # The index lists other apps too (django-axes'): ours are named in Serbian.
    index = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="sr-latn").text
    for shown in ("Registar klastera", "Klasterske organizacije", "Angažmani", "Benčmarkinzi"):
        assert shown in index
    ours = [m for m in site._registry if m.__module__.startswith("clusterbench.")]
    assert len(ours) >= 8
    for model in ours:
        with translation.override("en-gb"):
            english = [
                capfirst(model._meta.verbose_name_plural),
                model._meta.app_config.verbose_name,
            ]
        with translation.override("sr-latn"):
            serbian = [
                capfirst(model._meta.verbose_name_plural),
                model._meta.app_config.verbose_name,
            ]
        for en, sr in zip(english, serbian, strict=True):
            assert f">{sr}<" in index and (en == sr or f">{en}<" not in index), (en, sr)
