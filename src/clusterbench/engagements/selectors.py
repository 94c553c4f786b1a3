"""Reads about engagements for the pages: what a person can do next on one engagement, and
what needs each role now (their home page after logging in)."""

import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from clusterbench.accounts.models import User
from clusterbench.engagements.models import Benchmarking, GroupBid
from clusterbench.engagements.permissions import (
    engagements_for,
    is_assigned_expert,
    is_manager,
    is_secretariat,
)

S = Benchmarking.Status
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
    if engagement.interview_start is None:
        return f"{engagement.interview_date:%d %B %Y}" if engagement.interview_date else ""
    tz = zoneinfo.ZoneInfo(engagement.cluster.time_zone)
    return (
        f"{engagement.interview_start.astimezone(tz):%A %d %B %Y, %H:%M} "
        f"({engagement.cluster.time_zone})"
    )


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
        "Interview times to confirm", "The cluster proposed times; confirm one of them."
    )
    hold = TaskList(
        "Interviews to hold",
        "Open the workspace to enter the answers; close the interview when it is done.",
    )
    review = TaskList("Drafts to review", "Read the draft report and edit its summary.")
    pending_slots = set(
        Benchmarking.objects.filter(
            pk__in=[e.pk for e in engagements if e.status == S.ACCEPTED],
            slots__confirmed=False,
        ).values_list("pk", flat=True)
    )
    for e in engagements:
        name = e.cluster.name_en
        if e.pk in pending_slots:
            confirm.tasks.append(Task("Confirm an interview time", name, _detail_url(e)))
        elif e.status == S.SCHEDULED:
            held = e.interview_start is not None and e.interview_start <= now
            hold.tasks.append(
                Task(
                    "Close the interview" if held else "Hold the interview",
                    name,
                    reverse("interview_workspace", args=[e.pk]),
                    _local(e) + (" (held: close it)" if held else ""),
                    urgent=held,
                )
            )
        elif e.status == S.DRAFT_READY:
            review.tasks.append(Task("Start the review of the draft", name, _detail_url(e)))
        elif e.status == S.IN_REVIEW:
            review.tasks.append(
                Task(
                    "Review and edit the draft report",
                    name,
                    reverse("report_page", args=[e.pk]),
                    f"Report due {e.report_due:%d %B %Y}" if e.report_due else "",
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
    quotes = TaskList("Quotes to accept", "Read the quote, then accept or decline it.")
    dates = TaskList(
        "Interview dates to propose", "Propose up to three times that suit you for the interview."
    )
    before = TaskList(
        "Before the interview", "Fill in what you know; the expert confirms it with you."
    )
    reports = TaskList("Released reports", "Your benchmarking reports and labels.")
    for e in engagements:
        name = e.cluster.name_en
        if e.status == S.QUOTED:
            quote = e.quotes.first()
            expired = quote is not None and quote.is_expired(today)
            quotes.tasks.append(
                Task(
                    "Ask the secretariat for a new quote" if expired else "Accept the quote",
                    name,
                    reverse("quote_page", args=[e.pk]),
                    f"Quote {quote.number}, {quote.total:,.2f} {quote.currency}, "
                    + (
                        f"expired {quote.valid_until:%d %B %Y}"
                        if expired
                        else f"valid until {quote.valid_until:%d %B %Y}"
                    )
                    if quote
                    else "",
                    urgent=expired,
                )
            )
        elif e.status == S.ACCEPTED and not e.proposed:
            dates.tasks.append(Task("Propose interview dates", name, _detail_url(e)))
        if e.status in (S.ACCEPTED, S.SCHEDULED):
            asked = e.framework.indicators.exclude(kind="derived").count()
            when = f"interview {_local(e)}" if e.interview_start else "interview not scheduled"
            before.tasks.append(
                Task(
                    "Fill in the self-assessment",
                    name,
                    reverse("interview_workspace", args=[e.pk]),
                    f"{e.answered} of {asked} answered; {when}",
                )
            )
        if e.status == S.RELEASED:
            reports.tasks.append(
                Task(
                    "Read the report",
                    name,
                    reverse("report_page", args=[e.pk]),
                    f"Interviewed {e.interview_date:%d %B %Y}" if e.interview_date else "",
                )
            )
    return [quotes, dates, before, reports]


def _secretariat_work(user) -> list[TaskList]:
    engagements = list(_open_engagements(user).order_by("interview_date", "pk"))
    today = timezone.localdate()
    overdue = TaskList("Overdue", "Reports are due five weeks after the interview; these are late.")
    quote = TaskList("Quotes to issue", "New requests, and quotes that were declined.")
    assign = TaskList("Experts to assign", "Accepted engagements without an expert.")
    release = TaskList("Reports to release", "Reviewed drafts waiting for release.")
    for e in engagements:
        name = e.cluster.name_en
        if e.report_due and e.report_due < today:
            overdue.tasks.append(
                Task(
                    f"{e.get_status_display()}: report due {e.report_due:%d %B %Y}",
                    name,
                    _detail_url(e),
                    f"{(today - e.report_due).days} days late",
                    urgent=True,
                )
            )
        elif e.status == S.REQUESTED:
            quote.tasks.append(Task("Issue the quote", name, reverse("quote_page", args=[e.pk])))
        elif e.status == S.IN_REVIEW:
            release.tasks.append(
                Task("Review and release", name, reverse("report_page", args=[e.pk]))
            )
        if e.status == S.ACCEPTED and e.expert_id is None:
            assign.tasks.append(Task("Assign an expert", name, _detail_url(e)))
    return [overdue, quote, assign, release]


def _coordinator_work(user) -> list[TaskList]:
    if user.network_id is None:
        return []
    groups = TaskList(
        "Your group bids",
        "The groups of member clusters you formed; open one to see each member's step.",
    )
    for group in GroupBid.objects.filter(network_id=user.network_id).annotate(
        size=Count("members")
    ):
        url = reverse("group_detail", args=[user.network_id, group.pk])
        if group.requested_at is None:
            groups.tasks.append(
                Task(
                    "Complete the group and ask for the bid",
                    group.name,
                    url,
                    f"{group.size} clusters, forming",
                )
            )
        else:
            steps = group.engagements.values("status").annotate(n=Count("pk")).order_by("status")
            summary = ", ".join(f"{row['n']} {S(row['status']).label.lower()}" for row in steps)
            groups.tasks.append(
                Task(
                    "Follow the group bid",
                    group.name,
                    url,
                    f"{group.size} clusters, asked for {group.requested_at:%d %B %Y}: {summary}",
                )
            )
    network = TaskList(
        "Your network",
        "The aggregated results of the network's members and its group bids.",
        [
            Task(
                "Read the network's results",
                user.network.name,
                reverse("network_page", args=[user.network_id]),
            ),
            Task(
                "Form a new group", user.network.name, reverse("group_new", args=[user.network_id])
            ),
        ],
    )
    return [groups, network]
