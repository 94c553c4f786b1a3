"""A confirmation step for what cannot be undone: served by the server, so it works without
JavaScript and under a strict Content-Security-Policy (no inline script, no onclick).

The first POST of an irreversible action (without confirmed=yes) gets a page that says what
will happen and what cannot be undone, with a form that posts the same fields again plus
confirmed=yes; forms that already carry an "I understand" checkbox named confirmed skip it.
"""

from django.shortcuts import render

CONFIRMED = "yes"


def is_confirmed(request) -> bool:
    return request.POST.get("confirmed") == CONFIRMED


def confirmation_page(
    request,
    *,
    title: str,
    happens: str,
    irreversible: str,
    button: str,
    back_url: str,
    status: int = 200,
):
    """The page asking to confirm the POST just received; its fields are posted again."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", "confirmed")
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "web/confirm.html",
        {
            "title": title,
            "happens": happens,
            "irreversible": irreversible,
            "button": button,
            "action": request.get_full_path(),
            "fields": fields,
            "back_url": back_url,
        },
        status=status,
    )
