"""Caching headers of the API: nothing it sends about labels or private data may be kept
by a browser or a proxy (a revoked label must disappear at once); only the headline counts
and the schema may be reused for a minute."""

from django.utils.cache import patch_cache_control

REUSABLE = ("/api/v1/headline", "/api/v1/openapi.json", "/api/openapi.json", "/api/v1/docs")


class ApiCachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        if request.path in REUSABLE and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=60)
        else:
            response["Cache-Control"] = "no-store"
        return response
