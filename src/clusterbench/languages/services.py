from django.conf import settings


def language_remember(user, language: str) -> bool:
    """Keep a person's language on their account; an unknown code is ignored (the cookie
    view refuses it too). True when stored."""
    if language not in dict(settings.LANGUAGES):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True
