"""What the API sends and accepts. Dates and times are ISO 8601 (times in UTC); ids are
the database's, stable for the life of the object. No schema here has a field for a peer
cluster's value: peer figures reach the API only as the network brief, which went through
the disclosure rule (analysis.disclosure.publish) before it got here."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, Strict, StrictInt, StrictStr


class Problem(Schema):
    """An error (RFC 9457 problem details); detail names the problem."""

    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str


class FieldProblem(Schema):
    field: str
    message: str


class InvalidProblem(Problem):
    errors: list[FieldProblem] = []


# --- public -----------------------------------------------------------------------


class Headline(Schema):
    clusters: int = Field(description="Benchmarked cluster organisations")
    countries: int = Field(description="Countries they are in")


class Country(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2", examples=["RS"])
    name: str


class Portfolio(Schema):
    slug: str
    name: str


LabelStatus = Literal["valid", "expired", "revoked"]


class LabelNow(Schema):
    """The label a cluster is known by today: the one it may show (the highest level valid
    today), else its latest, expired or revoked. All three fields are of that one label,
    as on the cluster's public page and in the database's export."""

    level: Literal["bronze", "silver", "gold"] | None = Field(description="None: never labelled")
    status: LabelStatus | None = Field(description="What valid_until means today")
    valid_until: dt.date | None


class Cluster(Schema):
    id: int
    name: str = Field(description="In the organisation's own language and script")
    name_en: str
    country: Country
    portfolio: Portfolio
    website: str
    label: LabelNow
    page: str = Field(description="The address of the cluster's public page")


class ClusterPage(Schema):
    items: list[Cluster]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null: last")


class Label(Schema):
    certificate_id: str
    level: Literal["bronze", "silver", "gold"]
    status: LabelStatus
    valid_from: dt.date
    valid_until: dt.date
    revoked_at: dt.datetime | None
    revoked_reason: str


class ClusterWithLabels(Cluster):
    labels: list[Label] = Field(description="Every label, newest first")


class ClusterRef(Schema):
    id: int
    name: str
    name_en: str
    country: Country


class Verification(Schema):
    certificate_id: str = Field(description="As asked (spaces dropped, upper case)")
    status: Literal["valid", "expired", "revoked", "unknown"]
    level: Literal["bronze", "silver", "gold"] | None
    cluster: ClusterRef | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    revoked_at: dt.datetime | None
    revoked_reason: str | None


# --- with a token -----------------------------------------------------------------


class Me(Schema):
    id: int
    username: str
    name: str
    role: str = Field(description="secretariat, expert, cluster_manager, network_coordinator")
    network_id: int | None
    cluster_ids: list[int]


class Step(Schema):
    status: str
    label: str
    state: Literal["done", "current", "todo"]


class Event(Schema):
    at: dt.datetime
    from_status: str
    to_status: str
    description: str
    actor: str | None


class Engagement(Schema):
    id: int
    cluster: ClusterRef
    framework: str
    status: str
    status_label: str
    expert: str | None
    interview_start: dt.datetime | None
    interview_date: dt.date | None
    report_language: Literal["en", "sr-latn", "sr-cyrl"] = Field(
        description="The language the report is drafted in"
    )
    created_at: dt.datetime


class EngagementPage(Schema):
    items: list[Engagement]
    next_cursor: str | None


class Slot(Schema):
    id: int = Field(description="Send it to confirm this time")
    start: dt.datetime
    confirmed: bool


class EngagementDetail(Engagement):
    steps: list[Step]
    timeline: list[Event]
    slots: list[Slot] = Field(description="The interview times the cluster proposed")
    next_steps: list[str] = Field(description="What you can do on it now")


class AnswerOut(Schema):
    code: str
    value: str | None = Field(description="The exact decimal as text; null when not known")
    not_known: bool
    evidence: str
    version: int = Field(description="Send it back with a change; 0 means no answer yet")
    self_assessed: bool
    answered_at: dt.datetime | None = Field(description="null: not answered yet (version 0)")

    @classmethod
    def from_answer(cls, answer) -> "AnswerOut":
        value = None if answer.value is None else format(Decimal(answer.value).normalize(), "f")
        return cls(
            code=answer.indicator.code,
            value=value,
            not_known=answer.not_known,
            evidence=answer.evidence,
            version=answer.version,
            self_assessed=answer.self_assessed,
            answered_at=answer.answered_at,
        )


class Answers(Schema):
    engagement_id: int
    asked: int = Field(description="Indicators asked in the interview")
    items: list[AnswerOut]


class AnswerIn(Schema):
    version: int = Field(ge=0, lt=2**31, description="The version you last read (0: new)")
    value: StrictStr | StrictInt | Annotated[Decimal, Strict()] | None = Field(
        default=None,
        description='As typed in the workspace ("3,5" and "3.5" alike) or a JSON number, '
        "read exactly as written (never as a float); ignored when not_known",
    )
    not_known: bool = False
    evidence: str = Field(default="", description="What the value rests on")


class AnswerConflictProblem(Problem):
    current: AnswerOut = Field(description="The answer as it is now")


class ReportVersion(Schema):
    number: int
    status: Literal["draft", "released"]
    language: Literal["en", "sr-latn", "sr-cyrl"] = Field(
        description="The report's language: English, Serbian in Latin or in Cyrillic script"
    )
    identifier: str | None
    created_at: dt.datetime
    released_at: dt.datetime | None
    pdf_sha256: str = Field(description="Of the stored PDF of a released version")
    replaces: int | None = Field(description="The number of the version this one corrects")
    pdf: str = Field(description="Where to download its PDF (with your token)")


class ReportVersions(Schema):
    engagement_id: int
    items: list[ReportVersion]


class Reason(Schema):
    reason: str = Field(description="Why; recorded in the engagement's timeline")


class ExpertChoice(Schema):
    expert_id: int


class SlotChoice(Schema):
    slot_id: int = Field(description="The id of one of the engagement's proposed times")


class Closing(Schema):
    reason: str = Field(
        default="",
        description="Needed when closing more than a day before the confirmed time, e.g. "
        "held earlier by agreement; recorded in the timeline",
    )


class BriefArea(Schema):
    name: str
    network: str = Field(description='The network\'s median score, or "withheld"')
    all: str = Field(description='The median of all benchmarked clusters, or "withheld"')


class BriefIndicator(Schema):
    code: str
    name: str
    network: str
    all: str
    score: str


class NetworkBrief(Schema):
    network_id: int
    network: str
    date: dt.date
    framework: str
    members: int
    shown: bool = Field(description="False: too few benchmarked members to show any figure")
    min_peers: int
    areas: list[BriefArea]
    strongest: list[BriefIndicator]
    weakest: list[BriefIndicator]
    method: str
