"""Reads about engagements for the pages: what a person can do next on one engagement, and
what needs each role now (their home page after logging in)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from clusterbench.accounts.models import User
from clusterbench.engagements.models import Benchmarking, GroupBid, SlotProposal
from clusterbench.engagements.permissions import (
    engagements_for,
    is_assigned_expert,
    is_manager,
    is_secretariat,
)
from clusterbench.engagements.times import local_time_text
from clusterbench.languages.formats import long_date
from clusterbench.numbers import id_parse

S = Benchmarking.Status
# A task on My work addresses its reader as the page's sentences do (Serbian's formal
# "Pročitajte izveštaj"), where the same words on a button are the short "Pročitaj".
TASK = "a task on My work"
# The engagement's path, shown as its step indicator.
PATH = [
    S.REQUESTED,
    S.QUOTED,
    S.ACCEPTED,
    S.SCHEDULED,
    S.INTERVIEWED,
    S.DRAFT_READY,
    S.IN_REVIEW,
    S.RELEASED,
]
CLOSED = (S.INTERVIEWED, S.DRAFT_READY, S.IN_REVIEW)


def engagement_steps(engagement: Benchmarking) -> list[dict]:
    """The steps of the path, each done, current or to come (a cancelled one: none current):
    its status, and its label as text in the active language (the page and the API alike)."""
    current = PATH.index(engagement.status) if engagement.status in PATH else -1
    return [
        {
            "status": str(step),
            "label": str(S(step).label),
            "state": "current" if n == current else "done" if n < current else "todo",
        }
        for n, step in enumerate(PATH)
    ]


def slot_get(engagement: Benchmarking, slot_id: object) -> SlotProposal:
    """A time proposed for this engagement's interview, by its id as posted on the page or
    sent to the API; Http404 when the engagement has none with that id."""
    slot = engagement.slots.filter(pk=id_parse(slot_id)).first()
    if slot is None:
        raise Http404(
            _("This engagement has no proposed interview time with the id %(id)s.")
            % {"id": str(slot_id).strip()[:30]}
        )
    return slot


def engagement_next_steps(user, engagement: Benchmarking) -> set[str]:
    """What this person can do on this engagement now; the page shows these, and an empty
    set means no "Next steps" section at all."""
    status = engagement.status
    secretariat = is_secretariat(user)
    manager = is_manager(user, engagement)
    expert = is_assigned_expert(user, engagement)
    unconfirmed = status == S.ACCEPTED and engagement.slots.filter(confirmed=False).exists()
    steps = {
        "issue_quote": secretariat and status == S.REQUESTED,
        "decide_quote": manager and status == S.QUOTED,
        "assign": secretariat and status in (S.REQUESTED, S.QUOTED, S.ACCEPTED, S.SCHEDULED),
        "propose": manager and status == S.ACCEPTED,
        "confirm": (expert or secretariat) and unconfirmed,
        "self_assessment": manager and status in (S.ACCEPTED, S.SCHEDULED),
        "workspace": expert and status == S.SCHEDULED,
        "draft_ready": secretariat and status == S.INTERVIEWED,
        "review": (expert or secretariat) and status == S.DRAFT_READY,
        "edit_draft": expert and status == S.IN_REVIEW,
        "release": secretariat and status == S.IN_REVIEW,
        "reopen": secretariat and status in CLOSED,
        "read_report": manager and status == S.RELEASED,
        "cancel": engagement.is_open
        and (secretariat or (manager and status in (S.REQUESTED, S.QUOTED))),
    }
    return {name for name, possible in steps.items() if possible}


@dataclass(frozen=True)
class Task:
    """One thing a person should do: what, for which cluster, and where."""

    what: str
    subject: str
    url: str
    detail: str = ""
    urgent: bool = False


@dataclass
class TaskList:
    heading: str
    explanation: str
    tasks: list[Task] = field(default_factory=list)


def _local(engagement: Benchmarking) -> str:
    """The interview's time in the cluster's zone, or its day, in the reader's language."""
    if engagement.interview_start is None:
        return long_date(engagement.interview_date) if engagement.interview_date else ""
    return local_time_text(engagement.interview_start, engagement.cluster.time_zone)


def _quote_text(quote, expired: bool) -> str:
    values = {
        "number": quote.number,
        "total": number_format(quote.total, 2, force_grouping=True),
        "currency": quote.currency,
        "date": long_date(quote.valid_until),
    }
    if expired:
        return _("Quote %(number)s, %(total)s %(currency)s, expired %(date)s") % values
    return _("Quote %(number)s, %(total)s %(currency)s, valid until %(date)s") % values


def _detail_url(engagement: Benchmarking) -> str:
    return reverse("engagement_detail", args=[engagement.pk])


def work_for(user) -> list[TaskList]:
    """What needs this person now, by role; only lists that hold something."""
    if is_secretariat(user):
        lists = _secretariat_work(user)
    elif user.role == User.Role.EXPERT:
        lists = _expert_work(user)
    elif user.role == User.Role.CLUSTER_MANAGER:
        lists = _manager_work(user)
    elif user.role == User.Role.NETWORK_COORDINATOR:
        lists = _coordinator_work(user)
    else:
        lists = []
    return [task_list for task_list in lists if task_list.tasks]


def _open_engagements(user):
    return engagements_for(user).exclude(status__in=(S.RELEASED, S.CANCELLED))


def _expert_work(user) -> list[TaskList]:
    engagements = list(_open_engagements(user).order_by("interview_start", "pk"))
    now = timezone.now()
    confirm = TaskList(
        _("Interview times to confirm"), _("The cluster proposed times; confirm one of them.")
    )
    hold = TaskList(
        _("Interviews to hold"),
        _("Open the workspace to enter the answers; close the interview when it is done."),
    )
    review = TaskList(_("Drafts to review"), _("Read the draft report and edit its summary."))
    pending_slots = set(
        Benchmarking.objects.filter(
            pk__in=[e.pk for e in engagements if e.status == S.ACCEPTED],
            slots__confirmed=False,
        ).values_list("pk", flat=True)
    )
    for e in engagements:
        name = e.cluster.name_en
        if e.pk in pending_slots:
            confirm.tasks.append(Task(_("Confirm an interview time"), name, _detail_url(e)))
        elif e.status == S.SCHEDULED:
            held = e.interview_start is not None and e.interview_start <= now
            hold.tasks.append(
                Task(
                    pgettext(TASK, "Close the interview") if held else _("Hold the interview"),
                    name,
                    reverse("interview_workspace", args=[e.pk]),
                    _("%(when)s (held: close it)") % {"when": _local(e)} if held else _local(e),
                    urgent=held,
                )
            )
        elif e.status == S.DRAFT_READY:
            review.tasks.append(Task(_("Start the review of the draft"), name, _detail_url(e)))
        elif e.status == S.IN_REVIEW:
            review.tasks.append(
                Task(
                    pgettext(TASK, "Review and edit the draft report"),
                    name,
                    reverse("report_page", args=[e.pk]),
                    (
                        _("Report due %(date)s") % {"date": long_date(e.report_due)}
                        if e.report_due
                        else ""
                    ),
                    urgent=bool(e.report_due and e.report_due < timezone.localdate()),
                )
            )
    return [confirm, hold, review]


def _manager_work(user) -> list[TaskList]:
    engagements = list(
        engagements_for(user)
        # released: only those with a report in the product (not the historical records)
        .filter(Q(status__in=PATH[:7]) | Q(status=S.RELEASED, reports__status="released"))
        .annotate(answered=Count("answers", distinct=True), proposed=Count("slots", distinct=True))
    )
    today = timezone.localdate()
    quotes = TaskList(_("Quotes to accept"), _("Read the quote, then accept or decline it."))
    dates = TaskList(
        _("Interview dates to propose"),
        _("Propose up to three times that suit you for the interview."),
    )
    before = TaskList(
        _("Before the interview"), _("Fill in what you know; the expert confirms it with you.")
    )
    reports = TaskList(_("Released reports"), _("Your benchmarking reports and labels."))
    for e in engagements:
        name = e.cluster.name_en
        if e.status == S.QUOTED:
            quote = e.quotes.first()
            expired = quote is not None and quote.is_expired(today)
            quotes.tasks.append(
                Task(
                    _("Ask the secretariat for a new quote") if expired else _("Accept the quote"),
                    name,
                    reverse("quote_page", args=[e.pk]),
                    _quote_text(quote, expired) if quote else "",
                    urgent=expired,
                )
            )
        elif e.status == S.ACCEPTED and not e.proposed:
            dates.tasks.append(Task(_("Propose interview dates"), name, _detail_url(e)))
        if e.status in (S.ACCEPTED, S.SCHEDULED):
            asked = e.framework.indicators.exclude(kind="derived").count()
            progress = {"answered": e.answered, "asked": asked, "when": _local(e)}
            before.tasks.append(
                Task(
                    _("Fill in the self-assessment"),
                    name,
                    reverse("interview_workspace", args=[e.pk]),
                    _("%(answered)s of %(asked)s answered; interview %(when)s") % progress
                    if e.interview_start
                    else _("%(answered)s of %(asked)s answered; interview not scheduled")
                    % progress,
                )
            )
        if e.status == S.RELEASED:
            reports.tasks.append(
                Task(
                    pgettext(TASK, "Read the report"),
                    name,
                    reverse("report_page", args=[e.pk]),
                    _("Interviewed %(date)s") % {"date": long_date(e.interview_date)}
                    if e.interview_date
                    else "",
                )
            )
    return [quotes, dates, before, reports]


def _secretariat_work(user) -> list[TaskList]:
    engagements = list(_open_engagements(user).order_by("interview_date", "pk"))
    today = timezone.localdate()
    overdue = TaskList(
        _("Overdue"), _("Reports are due five weeks after the interview; these are late.")
    )
    quote = TaskList(_("Quotes to issue"), _("New requests, and quotes that were declined."))
    assign = TaskList(_("Experts to assign"), _("Accepted engagements without an expert."))
    release = TaskList(_("Reports to release"), _("Reviewed drafts waiting for release."))
    for e in engagements:
        name = e.cluster.name_en
        if e.report_due and e.report_due < today:
            late = (today - e.report_due).days
            overdue.tasks.append(
                Task(
                    _("%(step)s: report due %(date)s")
                    % {"step": e.get_status_display(), "date": long_date(e.report_due)},
                    name,
                    _detail_url(e),
                    ngettext("%(days)s day late", "%(days)s days late", late) % {"days": late},
                    urgent=True,
                )
            )
        elif e.status == S.REQUESTED:
            quote.tasks.append(
                Task(pgettext(TASK, "Issue the quote"), name, reverse("quote_page", args=[e.pk]))
            )
        elif e.status == S.IN_REVIEW:
            release.tasks.append(
                Task(_("Review and release"), name, reverse("report_page", args=[e.pk]))
            )
        if e.status == S.ACCEPTED and e.expert_id is None:
            assign.tasks.append(Task(pgettext(TASK, "Assign an expert"), name, _detail_url(e)))
    return [overdue, quote, assign, release]


def _coordinator_work(user) -> list[TaskList]:
    if user.network_id is None:
        return []
    groups = TaskList(
        _("Your group bids"),
        _("The groups of member clusters you formed; open one to see each member's step."),
    )
    for group in GroupBid.objects.filter(network_id=user.network_id).annotate(
        size=Count("members")
    ):
        url = reverse("group_detail", args=[user.network_id, group.pk])
        if group.requested_at is None:
            groups.tasks.append(
                Task(
                    _("Complete the group and ask for the bid"),
                    group.name,
                    url,
                    ngettext("%(size)s cluster, forming", "%(size)s clusters, forming", group.size)
                    % {"size": group.size},
                )
            )
        else:
            steps = group.engagements.values("status").annotate(n=Count("pk")).order_by("status")
            summary = ", ".join(f"{row['n']} {S(row['status']).label.lower()}" for row in steps)
            groups.tasks.append(
                Task(
                    _("Follow the group bid"),
                    group.name,
                    url,
                    ngettext(
                        "%(size)s cluster, asked for %(date)s: %(steps)s",
                        "%(size)s clusters, asked for %(date)s: %(steps)s",
                        group.size,
                    )
                    % {"size": group.size, "date": long_date(group.requested_at), "steps": summary},
                )
            )
    network = TaskList(
        _("Your network"),
        _("The aggregated results of the network's members and its group bids."),
        [
            Task(
                _("Read the network's results"),
                user.network.name,
                reverse("network_page", args=[user.network_id]),
            ),
            Task(
                _("Form a new group"),
                user.network.name,
                reverse("group_new", args=[user.network_id]),
            ),
        ],
    )
    return [groups, network]
