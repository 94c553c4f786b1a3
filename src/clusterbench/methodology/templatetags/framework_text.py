"""The framework's text in the page's language: {{ indicator|in_language:"question" }},
{{ area|in_language:"name" }}, {{ indicator|level_name:level }}."""

from django import template

from clusterbench.methodology.models import Area, Framework, Indicator
from clusterbench.methodology.translations import area_text, indicator_text, level_text

register = template.Library()
# A framework version never changes once loaded, so its id maps to it for good.
_VERSIONS: dict[int, str] = {}

_MODEL_FIELDS = {"help": "help_text"}


def _version(framework_id: int) -> str:
    if framework_id not in _VERSIONS:
        _VERSIONS[framework_id] = Framework.objects.values_list("version", flat=True).get(
            pk=framework_id
        )
    return _VERSIONS[framework_id]


@register.filter
def in_language(item, field: str) -> str:
    english = getattr(item, _MODEL_FIELDS.get(field, field))
    if isinstance(item, Indicator):
        return indicator_text(_version(item.framework_id), item.code, field, english)
    if isinstance(item, Area):
        return area_text(_version(item.framework_id), item.code, field, english)
    return english


@register.filter
def level_name(indicator: Indicator, level: dict) -> str:
    position = [lvl["value"] for lvl in indicator.levels].index(level["value"])
    return level_text(_version(indicator.framework_id), indicator.code, position, level["label"])
