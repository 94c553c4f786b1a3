"""The disclosure policy as data: which peer figures may be published (METHODOLOGY
section 3). Parsing and validation only (pure); the rule itself is applied by
clusterbench.analysis.disclosure.publish.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from clusterbench.text import quoted
from clusterbench.yamlfiles import SAFE_LOADER

POLICY_DIR = Path(__file__).resolve().parent / "disclosure"
# The figures a group may have, with the quantile each one stands for.
FIGURE_QUANTILES = {"p10": 0.10, "p25": 0.25, "median": 0.50, "p75": 0.75, "p90": 0.90}


class PolicyError(ValueError):
    """A malformed policy file; the message names the key."""


@dataclass(frozen=True)
class DisclosurePolicy:
    version: str
    min_peers: int  # a group is compared only with at least this many peers with a value
    figures: dict[str, int]  # figure -> peers with a value needed to publish it
    exact_rank_from: int  # the subject's rank as a number from here, else its quarter
    extremes_below: int  # groups smaller than this may not reveal their minimum or maximum
    extremes_shared_by: int  # ... unless at least this many peers share the value
    extremes_tolerance: float  # "reveal": feasible interval narrower than this x spread
    max_difference: int  # nested published groups may not differ by 1 to this many peers

    def publishes(self, figure: str, n: int) -> bool:
        return figure in self.figures and n >= self.figures[figure]


def policy_parse(data: object) -> DisclosurePolicy:
    if not isinstance(data, dict):
        raise PolicyError("the policy must be a mapping of keys to values")
    _only(
        data, "", {"version", "min_peers", "figures", "exact_rank_from", "extremes", "differencing"}
    )
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise PolicyError("version: missing or empty text")
    min_peers = _count(data, "min_peers", "", least=2)
    figures_doc = _mapping(data.get("figures"), "figures")
    _only(figures_doc, "figures", set(FIGURE_QUANTILES))
    if "median" not in figures_doc:
        raise PolicyError("figures.median: missing; a compared group publishes its median")
    figures = {}
    for figure in FIGURE_QUANTILES:  # in the order of the quantiles
        if figure not in figures_doc:
            continue
        needed = _count(figures_doc, figure, "figures", least=min_peers)
        # From this size on, the figure is an interpolation that never uses the group's
        # lowest or highest value, so on its own it cannot reveal either.
        quantile = FIGURE_QUANTILES[figure]
        if min(quantile, 1 - quantile) * (needed - 1) < 1:
            raise PolicyError(
                f"figures.{figure}: {needed} peers are too few; at that size the figure "
                "would be computed from the group's lowest or highest value"
            )
        figures[figure] = needed
    extremes = _mapping(data.get("extremes"), "extremes")
    _only(extremes, "extremes", {"below", "shared_by", "tolerance"})
    tolerance = extremes.get("tolerance")
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
        raise PolicyError("extremes.tolerance: must be a number")
    if not 0 < tolerance < 1:
        raise PolicyError("extremes.tolerance: must be between 0 and 1")
    differencing = _mapping(data.get("differencing"), "differencing")
    _only(differencing, "differencing", {"max_difference"})
    return DisclosurePolicy(
        version=version.strip(),
        min_peers=min_peers,
        figures=figures,
        exact_rank_from=_count(data, "exact_rank_from", "", least=min_peers),
        extremes_below=_count(extremes, "below", "extremes", least=0),
        extremes_shared_by=_count(extremes, "shared_by", "extremes", least=1),
        extremes_tolerance=float(tolerance),
        max_difference=_count(differencing, "max_difference", "differencing", least=0),
    )


def policy_files() -> list[Path]:
    return sorted(POLICY_DIR.glob("*.yaml"))


@functools.cache
def disclosure_policy(path: Path | None = None) -> DisclosurePolicy:
    """The policy in force: the newest bundled file unless a path is given."""
    path = path or policy_files()[-1]
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PolicyError(f"{path}: cannot be read as YAML ({exc})") from None
    try:
        return policy_parse(data)
    except PolicyError as exc:
        raise PolicyError(f"{path.name}: {exc}") from None


def _key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: must be a mapping of keys to values")
    return value


def _only(doc: dict, where: str, allowed: set[str]) -> None:
    unknown = sorted(str(k) for k in doc if k not in allowed)
    if unknown:
        raise PolicyError(
            f"{_key(where, unknown[0])}: unknown key (allowed: {', '.join(sorted(allowed))})"
        )


def _count(doc: dict, key: str, where: str, *, least: int) -> int:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(f"{_key(where, key)}: must be a whole number, got {quoted(value)}")
    if value < least:
        raise PolicyError(f"{_key(where, key)}: must be at least {least}, got {value}")
    return value
