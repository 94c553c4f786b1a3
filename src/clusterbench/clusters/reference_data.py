"""ISO 3166 countries and the 13 comparative portfolios: reference data every database needs.

Loaded by migration 0002; takes the model classes so that the migration can pass its
historical models and tests that flush the database can load it again.
"""

import csv
from pathlib import Path

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
COUNTRIES_CSV = Path(__file__).resolve().parent / "data" / "countries.csv"


def reference_data_load(country_model, portfolio_model) -> None:
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            country_model.objects.update_or_create(
                alpha2=row["alpha2"], defaults={"alpha3": row["alpha3"], "name": row["name"]}
            )
    for position, (slug, name) in enumerate(PORTFOLIOS):
        portfolio_model.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
