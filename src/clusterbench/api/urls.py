"""The API: version 1 under /api/v1/, its OpenAPI schema at /api/v1/openapi.json (and
/api/openapi.json, the current version's), interactive docs at /api/v1/docs."""

import json

from django.shortcuts import render
from django.urls import path
from django.views.generic import RedirectView
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from clusterbench.numbers import json_read

from .private import router as private_router
from .problems import HANDLERS, PROBLEM_JSON
from .public import router as public_router
from .security import THROTTLES, PersonalToken


class ProblemJsonAPI(NinjaAPI):
    """Error responses are documented as application/problem+json, as they are sent."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_JSON] = content.pop("application/json")
        return schema


class SiteSwagger(Swagger):
    """The interactive docs with Swagger UI from this site's static files, never a CDN, so
    the page holds under the site's Content-Security-Policy. Ninja does so by itself only
    when it is an installed app, which it is not here (settings.NINJA_DIR says why)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": any(getattr(auth, "csrf", False) for auth in api.auth or ()),
        }
        return render(request, self.template, context)


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # names in Cyrillic stay readable


class ExactJsonParser(Parser):
    """Bodies are read as the workspace reads them: numbers exact (Decimal, never a float),
    NaN and Infinity refused (400 naming the problem: problems.http_error)."""

    def parse_body(self, request):
        return json_read(request.body)


api = ProblemJsonAPI(
    title="ClusterBench API",
    version="1",
    description=(
        "The registry of benchmarked cluster organisations and the verification of their "
        "labels (public, no token), and the engagements, answers, reports and network "
        "briefs of a signed-up user (with a personal token: `Authorization: Bearer "
        "<token>`, made on your account's API tokens page). A token acts with its user's "
        "role and nothing more. Errors are `application/problem+json`. Dates and times are "
        "ISO 8601, times in UTC. Lists are paged by cursor."
    ),
    urls_namespace="api-v1",
    auth=PersonalToken(),
    throttle=THROTTLES,
    renderer=Utf8Renderer(),
    parser=ExactJsonParser(),
    docs=SiteSwagger(),
)
for exception, handler in HANDLERS:
    api.add_exception_handler(exception, handler)
api.add_router("/", public_router, auth=None)
api.add_router("/", private_router)

urlpatterns = [
    path("v1/", api.urls),
    path(
        "openapi.json",
        RedirectView.as_view(url="/api/v1/openapi.json", permanent=False),
        name="api_openapi_current",
    ),
]
