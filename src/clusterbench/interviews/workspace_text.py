"""The messages the workspace's script (static/js/autosave.js) shows, in the page's
language: handed to it as JSON in the page (no inline script, so the Content-Security-
Policy holds), keyed by a name; %(name)s placeholders are filled in by the script."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def workspace_messages() -> dict[str, str]:
    return {
        "refused_one": ngettext(
            "%(count)s answer not saved: see the message by the field.",
            "%(count)s answers not saved: see the messages by the fields.",
            1,
        ),
        "refused_many": ngettext(
            "%(count)s answer not saved: see the message by the field.",
            "%(count)s answers not saved: see the messages by the fields.",
            2,
        ),
        "saving": _("Saving…"),
        "all_saved": _("All answers saved."),
        "kept_here": _("Not saved yet: kept in this browser"),
        "connection_lost": _(
            "Connection lost. Your answers are kept in this browser and will be saved when it "
            "is back."
        ),
        "saved_at": _("Saved %(at)s"),
        "session_ended": _(
            "Your session has ended. Log in again in another tab; your answers are kept here "
            "and will be saved."
        ),
        "not_saved": _("Not saved"),
        "not_known": _("not known"),
        "empty": _("(empty)"),
        "conflict_text": _("%(by)s changed this answer at %(at)s to %(theirs)s. Yours: %(mine)s."),
        "keep_theirs": _("Keep theirs"),
        "use_mine": _("Use mine"),
        "conflict": _("Conflict: choose which answer to keep"),
        "conflict_text_entry": _(
            "%(by)s changed this entry at %(at)s to %(theirs)s. Yours: %(mine)s."
        ),
        "conflict_entry": _("Conflict: choose which text to keep"),
        "kept_theirs": _("Kept their answer"),
        "restored_one": _("Unsaved answer restored from this browser: saving…"),
        "restored": _("%(count)s unsaved answer(s) restored from this browser."),
    }
