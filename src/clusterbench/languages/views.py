from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .services import language_remember


@require_POST
def set_language(request):
    """Django's set_language (cookie, redirect back), and for a logged-in person the choice
    kept on their account."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        language_remember(request.user, request.POST.get("language", ""))
    return response
