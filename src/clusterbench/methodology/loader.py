"""Loading framework files into the database, and reading them back as plain specs."""

import functools
import hashlib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from clusterbench.text import quoted

from .models import Area, Criterion, EligibilityCondition, Framework, Indicator
from .spec import (
    AreaSpec,
    CriterionSpec,
    EligibilitySpec,
    FrameworkError,
    FrameworkSpec,
    IndicatorSpec,
    Level,
    parse_framework,
)

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"


def bundled_framework_files() -> list[Path]:
    return sorted(FRAMEWORKS_DIR.glob("*.yaml"))


def framework_read_file(path: Path) -> tuple[FrameworkSpec, str]:
    """Parse a framework file; return its spec and the SHA-256 of its bytes."""
    # PyYAML is imported here, not at the top: every command imports this module at start
    # (the answers' model uses indicator_spec), and most never read a framework file.
    import yaml

    from clusterbench.yamlfiles import SAFE_LOADER

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)
    except UnicodeDecodeError:
        raise FrameworkError(f"{path}: is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: is not valid YAML: {exc}") from None
    return parse_framework(data), hashlib.sha256(raw).hexdigest()


def framework_load(*, path: Path) -> tuple[Framework, bool]:
    """Store a framework file as a new version; return (framework, created).

    Loading the same file again changes nothing. A different file with a version that is
    already loaded is refused: versions are never overwritten, because benchmarkings
    point at the version they used.
    """
    spec, sha = framework_read_file(path)
    existing = Framework.objects.filter(version=spec.version).first()
    if existing is not None:
        if existing.source_sha256 == sha:
            return existing, False
        raise FrameworkError(
            f"version: {quoted(spec.version)} is already loaded from a different file; "
            "give the changed framework a new version"
        )
    with transaction.atomic():
        framework = Framework.objects.create(
            version=spec.version,
            title=spec.title,
            description=spec.description,
            published=spec.published,
            source_sha256=sha,
        )
        areas = {
            area.code: Area.objects.create(
                framework=framework,
                code=area.code,
                name=area.name,
                description=area.description,
                position=i,
            )
            for i, area in enumerate(spec.areas)
        }
        indicators = {}
        for i, ind in enumerate(spec.indicators):
            indicators[ind.code] = Indicator.objects.create(
                framework=framework,
                area=areas[ind.area],
                code=ind.code,
                name=ind.name,
                question=ind.question,
                help_text=ind.help,
                kind=ind.kind,
                unit=ind.unit,
                min_value=ind.minimum,
                max_value=ind.maximum,
                levels=[{"value": lvl.value, "label": lvl.label} for lvl in ind.levels],
                numerator=ind.numerator or "",
                denominator=ind.denominator or "",
                direction=ind.direction,
                position=i,
            )
        Criterion.objects.bulk_create(
            Criterion(
                framework=framework,
                code=c.code,
                name=c.name,
                indicator=indicators.get(c.indicator or ""),
                threshold=c.threshold,
                position=i,
            )
            for i, c in enumerate(spec.criteria)
        )
        EligibilityCondition.objects.bulk_create(
            EligibilityCondition(
                framework=framework,
                indicator=indicators[e.indicator],
                threshold=e.threshold,
                requirement=e.requirement,
                position=i,
            )
            for i, e in enumerate(spec.eligibility)
        )
    return framework, True


def framework_latest() -> Framework | None:
    return Framework.objects.order_by("-published", "-loaded_at").first()


def framework_spec(framework: Framework) -> FrameworkSpec:
    """The stored framework as the same plain spec the file was parsed into.

    Read from the database once per process for each loaded version: a version never
    changes once loaded (a changed file under a loaded version is refused, and the admin
    shows frameworks read-only), so its spec is kept, keyed by the row's id, version,
    file hash and load time (a test database that reuses an id has another load time)."""
    return _framework_spec(
        framework.pk, framework.version, framework.source_sha256, framework.loaded_at
    )


@functools.lru_cache(maxsize=32)
def _framework_spec(pk: int, version: str, source_sha256: str, loaded_at) -> FrameworkSpec:
    framework = Framework.objects.get(pk=pk)
    indicators = list(framework.indicators.select_related("area"))
    codes = {ind.pk: ind.code for ind in indicators}
    return FrameworkSpec(
        version=framework.version,
        title=framework.title,
        published=framework.published,
        description=framework.description,
        areas=tuple(
            AreaSpec(code=a.code, name=a.name, description=a.description)
            for a in framework.areas.all()
        ),
        indicators=tuple(indicator_spec(ind) for ind in indicators),
        criteria=tuple(
            CriterionSpec(
                code=c.code,
                name=c.name,
                indicator=codes.get(c.indicator_id),
                threshold=_dec(c.threshold),
            )
            for c in framework.criteria.all()
        ),
        eligibility=tuple(
            EligibilitySpec(
                indicator=codes[e.indicator_id],
                threshold=_dec(e.threshold),
                requirement=e.requirement,
            )
            for e in framework.eligibility.all()
        ),
    )


def indicator_spec(ind: Indicator) -> IndicatorSpec:
    return IndicatorSpec(
        code=ind.code,
        area=ind.area.code,
        name=ind.name,
        kind=ind.kind,
        unit=ind.unit,
        direction=ind.direction,
        question=ind.question,
        help=ind.help_text,
        minimum=_dec(ind.min_value),
        maximum=_dec(ind.max_value),
        levels=tuple(Level(value=lvl["value"], label=lvl["label"]) for lvl in ind.levels),
        numerator=ind.numerator or None,
        denominator=ind.denominator or None,
    )


def _dec(value: Decimal | None) -> Decimal | None:
    # Stored with 4 decimal places; normalise so specs compare equal to the parsed file.
    return None if value is None else value.normalize() + 0
