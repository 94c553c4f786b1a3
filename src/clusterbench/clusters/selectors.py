"""Reads of the cluster registry."""

import functools

from clusterbench.clusters.models import ClusterOrganisation
from clusterbench.text import name_normalise


@functools.lru_cache(maxsize=4096)
def _latin_twin(ch: str) -> str:
    """The Latin letter a character is mistaken for (a Cyrillic o -> a Latin o), or itself."""
    if ch.isascii():
        return ch
    # Imported at the first non-ASCII letter: the module reads its Unicode tables (a large
    # JSON file) on import, and the admin imports this module in every command's start.
    from confusable_homoglyphs import categories, confusables

    found = confusables.is_confusable(ch, greedy=False, preferred_aliases=["latin"])
    for glyph in found[0]["homoglyphs"] if found else ():
        if len(glyph["c"]) == 1 and categories.alias(glyph["c"]) == "LATIN":
            return glyph["c"]
    return ch


def name_skeleton(name: str) -> str:
    """What a name looks like: normalised, case-folded, each look-alike character replaced
    by the Latin letter it imitates (after Unicode TR39's skeletons)."""
    return "".join(_latin_twin(ch) for ch in name_normalise(name).casefold())


def cluster_lookalike(cluster: ClusterOrganisation) -> ClusterOrganisation | None:
    """Another organisation of the same country whose name looks the same as this one's
    (a Cyrillic o in a Latin name, an invisible character), or None."""
    wanted = {name_skeleton(cluster.name), name_skeleton(cluster.name_en)}
    others = ClusterOrganisation.objects.filter(country_id=cluster.country_id).exclude(
        pk=cluster.pk
    )
    for other in others.only("pk", "name", "name_en", "country_id"):
        if wanted & {name_skeleton(other.name), name_skeleton(other.name_en)}:
            return other
    return None
