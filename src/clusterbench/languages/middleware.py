from django.utils import translation


class UserLanguageMiddleware:
    """A logged-in person's chosen language wins over the browser's and the cookie's, so the
    choice follows them to any computer. Placed after the authentication middleware; the
    LocaleMiddleware before it serves everyone else (cookie, then Accept-Language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
