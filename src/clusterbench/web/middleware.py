"""Response headers every page needs."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """A page served to a logged-in person (a report, a quote, the interview workspace, an
    engagement) is never stored by a browser or a proxy cache: it may be read later by
    the next person at the same computer, or served to another user by a shared cache.
    Public pages set their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
