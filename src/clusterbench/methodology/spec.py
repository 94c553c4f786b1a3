"""The methodology as plain data: parsing, checking and answer validation.

Pure Python, no Django: the loader stores what this returns, and the analysis core reads
the same dataclasses, so both see one definition of an indicator.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from clusterbench.numbers import NumberError, NumberTooLarge, number_parse
from clusterbench.text import quoted

KINDS = ("count", "number", "percent", "ordinal", "derived")
DIRECTIONS = ("up", "down", "none")
CODE_RE = re.compile(r"^[A-Z][0-9]{1,2}$")
CRITERION_CODE_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,31}$")
# The capacity of the column answers are stored in (Answer.value, a DecimalField with
# max_digits=15, decimal_places=4): no framework may allow more, no answer may hold more.
ANSWER_MAX_DIGITS = 15
ANSWER_DECIMAL_PLACES = 4
ANSWER_CEILING = Decimal(10) ** (ANSWER_MAX_DIGITS - ANSWER_DECIMAL_PLACES)


class FrameworkError(ValueError):
    """A framework file that cannot be loaded; the message names the key and the problem."""


class AnswerError(ValueError):
    """An answer outside what its indicator allows; the message names both."""


@dataclass(frozen=True)
class Level:
    value: int
    label: str


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    area: str
    name: str
    kind: str
    unit: str
    direction: str
    question: str = ""
    help: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    levels: tuple[Level, ...] = ()
    numerator: str | None = None
    denominator: str | None = None

    @property
    def is_asked(self) -> bool:
        return self.kind != "derived"

    @property
    def is_directional(self) -> bool:
        return self.direction != "none"

    def allowed_range(self) -> str:
        """The allowed values in words, as shown next to a refused answer."""
        if self.kind == "ordinal":
            return _("one of the levels %(levels)s") % {
                "levels": ", ".join(str(level.value) for level in self.levels)
            }
        low = _plain(self.minimum) if self.minimum is not None else None
        high = _plain(self.maximum) if self.maximum is not None else None
        whole = self.kind == "count"
        if low is not None and high is not None:
            names = {"low": low, "high": high}
            return (
                _("a whole number from %(low)s to %(high)s") % names
                if whole
                else _("a number from %(low)s to %(high)s") % names
            )
        if low is not None:
            return (
                _("a whole number of at least %(low)s") % {"low": low}
                if whole
                else _("a number of at least %(low)s") % {"low": low}
            )
        return _("a whole number") if whole else _("a number")

    def validate(self, raw: object, *, name: str | None = None) -> Decimal:
        """Return the answer as a Decimal or raise AnswerError naming the indicator (by
        `name` when given: its name in the reader's language) and the allowed range."""
        label = f"{self.code} ({name or self.name})"
        if self.kind == "derived":
            raise AnswerError(
                _("%(indicator)s is computed from other answers and cannot be entered")
                % {"indicator": label}
            )
        try:
            value = number_parse(
                raw,
                what=label,
                max_digits=ANSWER_MAX_DIGITS,
                decimal_places=ANSWER_DECIMAL_PLACES,
            )
        except NumberTooLarge as exc:
            bound = self.minimum if exc.negative else self.maximum
            if bound is None:  # no bound that way: the column's digits are the limit
                raise AnswerError(f"{exc} ({self.allowed_range()})") from None
            raise AnswerError(
                _("%(indicator)s must be %(range)s; got %(got)s")
                % {"indicator": label, "range": self.allowed_range(), "got": exc.shown}
            ) from None
        except NumberError as exc:
            raise AnswerError(f"{exc} ({self.allowed_range()})") from None
        whole_only = self.kind in ("count", "ordinal")
        out_of_range = (
            (whole_only and value != value.to_integral_value())
            or (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
            or (self.kind == "ordinal" and int(value) not in {lvl.value for lvl in self.levels})
        )
        if out_of_range:
            raise AnswerError(
                _("%(indicator)s must be %(range)s; got %(got)s")
                % {"indicator": label, "range": self.allowed_range(), "got": _plain(value)}
            )
        return value


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    name: str
    indicator: str | None = None
    threshold: Decimal | None = None

    @property
    def audit_only(self) -> bool:
        return self.indicator is None


@dataclass(frozen=True)
class EligibilitySpec:
    indicator: str
    threshold: Decimal
    requirement: str


@dataclass(frozen=True)
class FrameworkSpec:
    version: str
    title: str
    published: dt.date
    description: str
    areas: tuple[AreaSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    criteria: tuple[CriterionSpec, ...]
    eligibility: tuple[EligibilitySpec, ...]
    _by_code: dict[str, IndicatorSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({ind.code: ind for ind in self.indicators})

    def indicator(self, code: str) -> IndicatorSpec:
        return self._by_code[code]

    @property
    def asked(self) -> tuple[IndicatorSpec, ...]:
        return tuple(ind for ind in self.indicators if ind.is_asked)


def derived_value(
    numerator: str, denominator: str, values: dict[str, Decimal | None]
) -> Decimal | None:
    """A derived indicator from its inputs; missing when an input is missing or the divisor is 0."""
    top = values.get(numerator)
    bottom = values.get(denominator)
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _plain(value: Decimal) -> str:
    """A number in a message, with the reader's decimal mark (2,5 in Serbian) and no
    digit grouping, so that it reads back as typed."""
    return format(value.normalize(), "f").replace(".", get_format("DECIMAL_SEPARATOR"))


# --- parsing -------------------------------------------------------------------------


def parse_framework(data: object) -> FrameworkSpec:
    """Check a framework document (as loaded from YAML) and return it as dataclasses."""
    doc = _mapping(data, "the framework file")
    _only(
        doc,
        "the framework file",
        {
            "version",
            "title",
            "published",
            "description",
            "areas",
            "indicators",
            "criteria",
            "eligibility",
        },
    )
    version = doc.get("version")
    if not isinstance(version, str):
        raise FrameworkError(
            f'version: must be quoted text such as "2026.1", got {quoted(version)}'
        )
    if not VERSION_RE.match(version):
        raise FrameworkError(
            f"version: {quoted(version)} is not a valid version (letters, digits, dots and hyphens)"
        )
    published = doc.get("published")
    if not isinstance(published, dt.date):
        raise FrameworkError("published: must be a date written as YYYY-MM-DD")
    areas = tuple(
        _parse_area(item, f"areas[{i}]") for i, item in enumerate(_list(doc, "areas", ""))
    )
    _unique([a.code for a in areas], "areas", "code")
    area_codes = {a.code for a in areas}
    indicators = tuple(
        _parse_indicator(item, f"indicators[{i}]", area_codes)
        for i, item in enumerate(_list(doc, "indicators", ""))
    )
    _unique([ind.code for ind in indicators], "indicators", "code")
    by_code = {ind.code: ind for ind in indicators}
    for i, ind in enumerate(indicators):
        if ind.kind == "derived":
            for part in ("numerator", "denominator"):
                ref = getattr(ind, part)
                if ref not in by_code or by_code[ref].kind == "derived":
                    raise FrameworkError(
                        f"indicators[{i}] ({ind.code}).formula.{part}: {quoted(ref)} is not an "
                        "asked indicator"
                    )
    for area in areas:
        if not any(ind.area == area.code for ind in indicators):
            raise FrameworkError(f"areas: area {quoted(area.code)} has no indicators")
    criteria = tuple(
        _parse_criterion(item, f"criteria[{i}]", by_code)
        for i, item in enumerate(_list(doc, "criteria", ""))
    )
    _unique([c.code for c in criteria], "criteria", "code")
    eligibility = tuple(
        _parse_eligibility(item, f"eligibility[{i}]", by_code)
        for i, item in enumerate(_list(doc, "eligibility", ""))
    )
    return FrameworkSpec(
        version=version,
        title=_text(doc, "title", ""),
        published=published,
        description=_text(doc, "description", "", required=False),
        areas=areas,
        indicators=indicators,
        criteria=criteria,
        eligibility=eligibility,
    )


def _parse_area(item: object, where: str) -> AreaSpec:
    area = _mapping(item, where)
    _only(area, where, {"code", "name", "description"})
    code = _text(area, "code", where)
    if not re.match(r"^[A-Z]$", code):
        raise FrameworkError(f"{where}.code: {quoted(code)} must be one capital letter")
    return AreaSpec(
        code=code,
        name=_text(area, "name", where),
        description=_text(area, "description", where, required=False),
    )


def _parse_indicator(item: object, where: str, area_codes: set[str]) -> IndicatorSpec:
    ind = _mapping(item, where)
    _only(
        ind,
        where,
        {
            "code",
            "area",
            "name",
            "question",
            "help",
            "kind",
            "unit",
            "min",
            "max",
            "direction",
            "levels",
            "formula",
        },
    )
    code = _text(ind, "code", where)
    if not CODE_RE.match(code):
        raise FrameworkError(
            f"{where}.code: {quoted(code)} must be a capital letter and a number, e.g. S1"
        )
    where = f"{where} ({code})"
    area = _text(ind, "area", where)
    if area not in area_codes:
        raise FrameworkError(
            f"{where}.area: {quoted(area)} is not one of the areas {', '.join(sorted(area_codes))}"
        )
    kind = _choice(ind, "kind", where, KINDS)
    direction = _choice(ind, "direction", where, DIRECTIONS)
    common = dict(
        code=code,
        area=area,
        name=_text(ind, "name", where),
        kind=kind,
        unit=_text(ind, "unit", where, required=False),
        direction=direction,
        help=_text(ind, "help", where, required=False),
    )
    if kind == "derived":
        _absent(ind, where, ("question", "min", "max", "levels"), "a derived indicator")
        formula = _mapping(ind.get("formula"), f"{where}.formula")
        _only(formula, f"{where}.formula", {"numerator", "denominator"})
        return IndicatorSpec(
            **common,
            numerator=_text(formula, "numerator", f"{where}.formula"),
            denominator=_text(formula, "denominator", f"{where}.formula"),
        )
    _absent(ind, where, ("formula",), "an asked indicator")
    question = _text(ind, "question", where)
    if kind == "ordinal":
        _absent(ind, where, ("min", "max"), "an ordinal indicator (its levels set the range)")
        levels = tuple(
            _parse_level(lvl, f"{where}.levels[{j}]")
            for j, lvl in enumerate(_list(ind, "levels", where))
        )
        values = [lvl.value for lvl in levels]
        if values != list(range(values[0], values[0] + len(values))):
            raise FrameworkError(
                f"{where}.levels: values must be consecutive whole numbers, got {values}"
            )
        return IndicatorSpec(
            **common,
            question=question,
            levels=levels,
            minimum=Decimal(values[0]),
            maximum=Decimal(values[-1]),
        )
    _absent(ind, where, ("levels",), f"a {kind} indicator")
    minimum = _number(ind, "min", where, required=True)
    # Every asked number has a maximum: a plausible one, so a slip of the finger (1e11
    # for 11) is refused, and always one the answer column can hold.
    maximum = _number(ind, "max", where, required=True)
    if maximum < minimum:  # type: ignore[operator]
        raise FrameworkError(f"{where}.max: {maximum} is below min {minimum}")
    for key, bound in (("min", minimum), ("max", maximum)):
        if abs(bound) >= ANSWER_CEILING:  # type: ignore[arg-type]
            raise FrameworkError(
                f"{where}.{key}: {bound} does not fit the answers column "
                f"(less than {ANSWER_CEILING:,} in size)"
            )
    if kind == "count" and (minimum != minimum.to_integral_value() or minimum < 0):  # type: ignore[union-attr]
        raise FrameworkError(f"{where}.min: a count starts at a whole number >= 0, got {minimum}")
    return IndicatorSpec(**common, question=question, minimum=minimum, maximum=maximum)


def _parse_level(item: object, where: str) -> Level:
    lvl = _mapping(item, where)
    _only(lvl, where, {"value", "label"})
    value = lvl.get("value")
    if not isinstance(value, int) or isinstance(value, bool):
        raise FrameworkError(f"{where}.value: must be a whole number, got {quoted(value)}")
    return Level(value=value, label=_text(lvl, "label", where))


def _parse_criterion(item: object, where: str, by_code: dict[str, IndicatorSpec]) -> CriterionSpec:
    crit = _mapping(item, where)
    _only(crit, where, {"code", "name", "indicator", "threshold", "audit_only"})
    code = str(crit.get("code", ""))
    if not CRITERION_CODE_RE.match(code):
        raise FrameworkError(f'{where}.code: {quoted(code)} must be dotted numbers, e.g. "2.2.1"')
    where = f"{where} ({code})"
    name = _text(crit, "name", where)
    audit_only = crit.get("audit_only", False)
    if not isinstance(audit_only, bool):
        raise FrameworkError(f"{where}.audit_only: must be true or false")
    if audit_only:
        _absent(crit, where, ("indicator", "threshold"), "an audit-only criterion")
        return CriterionSpec(code=code, name=name)
    indicator = _text(crit, "indicator", where)
    if indicator not in by_code:
        raise FrameworkError(
            f"{where}.indicator: {quoted(indicator)} is not an indicator of this file"
        )
    return CriterionSpec(
        code=code,
        name=name,
        indicator=indicator,
        threshold=_number(crit, "threshold", where, required=True),
    )


def _parse_eligibility(
    item: object, where: str, by_code: dict[str, IndicatorSpec]
) -> EligibilitySpec:
    cond = _mapping(item, where)
    _only(cond, where, {"indicator", "threshold", "requirement"})
    indicator = _text(cond, "indicator", where)
    if indicator not in by_code:
        raise FrameworkError(
            f"{where}.indicator: {quoted(indicator)} is not an indicator of this file"
        )
    return EligibilitySpec(
        indicator=indicator,
        threshold=_number(cond, "threshold", where, required=True),  # type: ignore[arg-type]
        requirement=_text(cond, "requirement", where),
    )


def _key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise FrameworkError(f"{where}: must be a mapping of keys to values")
    return value


def _only(doc: dict, where: str, allowed: set[str]) -> None:
    unknown = sorted(str(k) for k in doc if k not in allowed)
    if unknown:
        raise FrameworkError(
            f"{_key(where, unknown[0])}: unknown key (allowed: {', '.join(sorted(allowed))})"
        )


def _absent(doc: dict, where: str, keys: tuple[str, ...], what: str) -> None:
    for key in keys:
        if key in doc:
            raise FrameworkError(f"{_key(where, key)}: not allowed for {what}")


def _text(doc: dict, key: str, where: str, *, required: bool = True) -> str:
    value = doc.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{_key(where, key)}: missing or empty text")
    return value.strip()


def _choice(doc: dict, key: str, where: str, choices: tuple[str, ...]) -> str:
    value = doc.get(key)
    if value not in choices:
        raise FrameworkError(
            f"{_key(where, key)}: {quoted(value)} is not one of {', '.join(choices)}"
        )
    return value  # type: ignore[return-value]


def _number(doc: dict, key: str, where: str, *, required: bool) -> Decimal | None:
    value = doc.get(key)
    if value is None:
        if required:
            raise FrameworkError(f"{_key(where, key)}: missing number")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FrameworkError(f"{_key(where, key)}: must be a number, got {quoted(value)}")
    return Decimal(str(value))


def _list(doc: dict, key: str, where: str) -> list:
    value = doc.get(key)
    if not isinstance(value, list) or not value:
        raise FrameworkError(f"{_key(where, key)}: must be a non-empty list")
    return value


def _unique(codes: list[str], where: str, key: str) -> None:
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise FrameworkError(f"{where}[{i}].{key}: {quoted(code)} appears more than once")
        seen.add(code)
