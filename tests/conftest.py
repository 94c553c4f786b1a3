import pytest

pytest_plugins = ["tests.engagement_fixtures", "tests.api_fixtures"]


@pytest.fixture
def framework(db):
    from clusterbench.methodology.loader import bundled_framework_files, framework_load

    framework, _ = framework_load(path=bundled_framework_files()[0])
    return framework


@pytest.fixture
def framework_spec(framework):
    from clusterbench.methodology.loader import framework_spec as to_spec

    return to_spec(framework)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The production storage needs `collectstatic` to have written its manifest first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    # Released reports store their PDFs; keep them out of the project's var/ folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    # Headline counts are cached for a minute; every test starts from fresh counts.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    # Production's PBKDF2 costs about 0.2 s a password by design, and most tests create
    # accounts and log in; a test needs a password checked, not a slow one. PBKDF2 stays
    # listed so passwords stored by the demonstration's set-up still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def login_throttling_off(settings):
    # The test client's login() calls authenticate() without a request, which django-axes
    # refuses; tests/test_security_headers.py switches it on to test the lockout itself.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request in Serbian leaves its language active in the thread (Django's middleware
    activates it and never resets it): no later test may inherit it."""
    from django.utils import translation

    yield
    translation.deactivate()
