"""Who calls: a personal token (Authorization: Bearer ...) and the rate limits, per token
and per address for calls without one (or with one that acts for no one: problems.
unauthenticated counts those), counted in Django's cache (Redis when CACHE_URL points at
one, else each process's memory)."""

import math
import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from clusterbench.accounts.tokens import token_authenticate

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class PersonalToken(HttpBearer):
    """The token's ApiToken row (request.auth); request.auth.user is who acts."""

    def authenticate(self, request, token: str):
        return token_authenticate(token)


def rate_parse(text: str) -> tuple[int, int]:
    """ "60/minute" -> (60, 60): calls allowed, and the window in seconds."""
    count, _, period = text.partition("/")
    return int(count), PERIODS[period]


class RateLimit(BaseThrottle):
    """A fixed window per caller: at most N calls in each window of the period. The
    count is one atomic increment in the cache, so it holds across threads (and across
    processes with a shared cache); the rate is read from settings at each call."""

    def __init__(self, setting: str):
        self.setting = setting
        self._waits = threading.local()  # ninja asks wait() right after allow_request()

    def caller(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request) -> bool:
        caller = self.caller(request)
        if caller is None:
            return True
        limit, period = rate_parse(getattr(settings, self.setting))
        now = time.time()
        window = int(now // period)
        key = f"api-rate:{self.setting}:{caller}:{window}"
        cache.add(key, 0, period + 1)
        try:
            calls = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, period + 1)
            calls = 1
        self._waits.seconds = math.ceil((window + 1) * period - now)
        return calls <= limit

    def wait(self) -> float | None:
        return getattr(self._waits, "seconds", None)


class PerToken(RateLimit):
    def caller(self, request):
        token = getattr(request, "auth", None)
        return None if token is None else f"token-{token.pk}"


class PerAddress(RateLimit):
    def caller(self, request):
        if getattr(request, "auth", None) is not None:
            return None
        # The connecting address only: X-Forwarded-For can be forged to dodge the limit.
        return f"address-{request.META.get('REMOTE_ADDR', '')}"


PER_ADDRESS = PerAddress("API_RATE_PER_ADDRESS")  # also counts calls that act for no one
THROTTLES = [PerToken("API_RATE_PER_TOKEN"), PER_ADDRESS]
