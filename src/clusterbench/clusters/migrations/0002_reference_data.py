"""ISO 3166 countries and the 13 comparative portfolios: reference data every database needs."""

import csv
from pathlib import Path

from django.db import migrations

PORTFOLIOS = [
    ("aviation-space", "Aviation and space"),
    ("biotechnology", "Biotechnology"),
    ("construction", "Construction"),
    ("creative-industries", "Creative industries"),
    ("energy-environment", "Energy and environment"),
    ("food", "Food industry"),
    ("health-medical", "Health and medical science"),
    ("ict", "ICT"),
    ("micro-nano-optical", "Micro, nano and optical technologies"),
    ("materials-chemistry", "New materials and chemistry"),
    ("production-engineering", "Production and engineering"),
    ("sports-leisure-tourism", "Sports, leisure and tourism"),
    ("transport-mobility", "Transportation and mobility"),
]
COUNTRIES_CSV = Path(__file__).resolve().parent.parent / "data" / "countries.csv"


def load(apps, schema_editor):
    Country = apps.get_model("clusters", "Country")
    Portfolio = apps.get_model("clusters", "Portfolio")
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        Country.objects.update_or_create(
            alpha2=row["alpha2"], defaults={"alpha3": row["alpha3"], "name": row["name"]}
        )
    for position, (slug, name) in enumerate(PORTFOLIOS):
        Portfolio.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
