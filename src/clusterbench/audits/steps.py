"""The label application's timeline sentences, in the reader's language.

Written as the engagement's timeline is (engagements.steps): each step is stored as a code
and its values (ApplicationEvent.code and .params) and written in the active language on
the application's page, in each recipient's e-mail and in the message after a step; the
description keeps the English sentence as recorded.
"""

from django.utils.translation import gettext_lazy as _

from clusterbench.engagements.steps import Sentences

APPLICATION_STEPS = Sentences(
    {
        "silver_applied": _(
            "Silver Label applied for (Bronze interviews of %(first)s and %(second)s; "
            "improvement areas %(areas)s)"
        ),
        "gold_applied": _("Gold Label applied for"),
        "auditor_assigned": _("Auditor assigned: %(auditor)s"),
        "auditors_assigned": _("Auditors assigned: %(first)s and %(second)s"),
        "times_proposed": _("Audit times proposed: %(times)s (%(zone)s)"),
        "silver_confirmed": _("Silver audit confirmed for %(time)s"),
        # recorded by the demonstration before the window was named
        "gold_confirmed_plain": _("Gold visit confirmed for %(time)s"),
        "gold_confirmed": _(
            "Gold visit confirmed for %(time)s; self-assessment due between %(first)s and %(last)s"
        ),
        "findings_recorded": _(
            "Audit findings recorded: %(validated)s of %(areas)s improvement areas validated, "
            "baseline confirmed"
        ),
        "findings_recorded_unconfirmed": _(
            "Audit findings recorded: %(validated)s of %(areas)s improvement areas validated, "
            "baseline not confirmed"
        ),
        "self_assessment_submitted": _(
            "Self-assessment submitted (%(total)s of %(maximum)s points)"
        ),
        "scores_submitted": _("Independent scores submitted"),
        "scores_agreed": _("Final scores agreed: %(total)s of %(maximum)s points (%(percent)s %%)"),
        "scores_agreed_below": _(
            "Final scores agreed: %(total)s of %(maximum)s points (%(percent)s %%), "
            "%(below)s below threshold"
        ),
        "silver_awarded": _(
            "Silver Label awarded, certificate %(certificate)s, valid until %(day)s: %(reason)s"
        ),
        "gold_awarded": _(
            "Gold Label awarded, certificate %(certificate)s, valid until %(day)s: %(reason)s"
        ),
        "silver_declined": _("Silver Label declined: %(reason)s"),
        "gold_declined": _("Gold Label declined: %(reason)s"),
        "withdrawn": _("Application withdrawn: %(reason)s"),
    }
)
application_step = APPLICATION_STEPS.step
