"""The languages a benchmarking report is written in: English, as the service promises by
default, and Serbian in either script, on the cluster's request. A report is built with
its language active (django.utils.translation), so its prose comes from the catalogues,
its framework texts from the framework's translation and its numbers and dates follow
the language's conventions."""

from django.utils.translation import gettext_lazy as _

ENGLISH = "en"
REPORT_LANGUAGES = [
    (ENGLISH, _("English")),
    ("sr-latn", _("Serbian (Latin script)")),
    ("sr-cyrl", _("Serbian (Cyrillic script)")),
]
# The language tag a PDF declares (its /Lang and metadata), per report language.
LANGUAGE_TAGS = {ENGLISH: "en", "sr-latn": "sr-Latn", "sr-cyrl": "sr-Cyrl"}


def report_language_name(code: str) -> str:
    return str(dict(REPORT_LANGUAGES).get(code, code))
