"""Every change in supervision: assignments, visit reports, concerns and their route."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chibo.accounts.models import Role, Scope
from chibo.core.concurrency import lock
from chibo.core.services import (
    ServiceError,
    create_with_actor,
    validate,
    with_actor,
)
from chibo.core.vi import nfc
from chibo.meetings import events
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus
from chibo.meetings.services import agenda_insert
from chibo.members.models import PartyMember
from chibo.notifications.services import notify
from chibo.organizations.models import Organization
from chibo.policies.selectors import policy
from chibo.supervision.models import (
    ActionKind,
    Assignment,
    AssignmentKind,
    Concern,
    ConcernAction,
    ConcernCategory,
    ConcernKind,
    ConcernSource,
    ConcernStatus,
    VisitReport,
)
from chibo.supervision.selectors import answers_to_report


def answer_item_title(concern) -> str:
    """The agenda line that reports a committee's answer back to the members."""
    return (
        f"Thông báo trả lời kiến nghị của {concern.responsible.name}: "
        f"«{concern.text[:80]}» – {concern.answer}"
    )[:300]


# The labels of the seeded meeting.quality_bands; a report is checked against the bands
# in force for the meeting (band_rules), which a committee may rename.
BANDS = ["Tốt", "Khá", "Trung bình", "Kém"]


def band_rules(meeting) -> list[list]:
    """[[label, minimum], ...] of meeting.quality_bands in force for the meeting."""
    day = timezone.localtime(meeting.scheduled_at).date()
    return policy("meeting.quality_bands", on=day, organization=meeting.organization)


def bands_text(bands: list[list]) -> str:
    """"Tốt ≥ 90 điểm, Khá 70 đến dưới 90, …, Kém dưới 50" from the bands in force."""
    parts = []
    for i, (label, minimum) in enumerate(bands):
        if i == 0:
            parts.append(f"{label} ≥ {minimum:g} điểm")
        elif minimum <= 0:
            parts.append(f"{label} dưới {bands[i - 1][1]:g}")
        else:
            parts.append(f"{label} {minimum:g} đến dưới {bands[i - 1][1]:g}")
    return ", ".join(parts) + "."


def parent_of(org: Organization) -> Organization | None:
    if org.depth <= 1:
        return None
    return Organization.objects.get(path=org.parent_path)


def _deadline(start: dt.date, org: Organization) -> dt.date:
    return start + dt.timedelta(days=policy("concern.answer_days", on=start, organization=org))


def _staff_users(org: Organization):
    return [
        s.user
        for s in Scope.objects.filter(organization=org, role=Role.COMMITTEE_STAFF).select_related(
            "user"
        )
    ]


@transaction.atomic
def assignments_create(
    *,
    actor,
    committee: Organization,
    official,
    cells,
    starts_on: dt.date,
    ends_on: dt.date,
    kind: str = AssignmentKind.FOLLOW,
    meeting=None,
) -> list[Assignment]:
    """One assignment per cell. Cells must lie under the committee."""
    if ends_on < starts_on:
        raise ServiceError({"ends_on": "Ngày kết thúc phải sau ngày bắt đầu."})
    if not cells:
        raise ServiceError({"cells": "Chọn ít nhất một chi bộ."})
    outside = [c.name for c in cells if not c.path.startswith(committee.path) or not c.is_cell]
    if outside:
        raise ServiceError({"cells": "Không thuộc cấp ủy phân công: " + ", ".join(outside)})
    # The cells' locks (in id order) before the clash check: two bulk assignments at
    # once cannot both give the same official the same cell for overlapping periods.
    list(
        Organization.objects.select_for_update()
        .filter(pk__in=sorted(c.pk for c in cells))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if kind == AssignmentKind.FOLLOW:
        already = (
            Assignment.objects.filter(
                official=official,
                kind=AssignmentKind.FOLLOW,
                cell__in=cells,
                starts_on__lte=ends_on,
                ends_on__gte=starts_on,
            )
            .select_related("cell")
            .order_by("cell__path")
        )
        taken = [
            f"{a.cell.name} ({a.starts_on:%d/%m/%Y}–{a.ends_on:%d/%m/%Y})" for a in already
        ]
        if taken:
            raise ServiceError(
                {"cells": f"Đồng chí {official} đã được phân công theo dõi: " + ", ".join(taken)}
            )
    made = []
    for cell in cells:
        assignment = Assignment(
            committee=committee,
            official=official,
            cell=cell,
            kind=kind,
            meeting=meeting,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
        )
        validate(assignment)
        with_actor(assignment, actor).save()
        made.append(assignment)
    what = (
        f"dự {meeting}"
        if meeting
        else f"theo dõi {len(cells)} chi bộ từ {starts_on:%d/%m/%Y} đến {ends_on:%d/%m/%Y}"
    )
    notify([official], f"{committee.name} phân công đồng chí {what}.", "/supervision/mine/")
    return made


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    if assignment.reports.exists():
        raise ServiceError("Đã có báo cáo dự sinh hoạt theo phân công này; không xóa được.")
    with_actor(assignment, actor).delete()


@transaction.atomic
def concern_raise(
    *,
    actor,
    cell: Organization,
    category: str,
    text: str,
    source: str,
    kind: str = ConcernKind.PROPOSAL,
    member=None,
    member_hidden: bool = False,
    meeting=None,
    visit: VisitReport | None = None,
    raised_on: dt.date | None = None,
) -> Concern:
    """A concern from a cell, routed to the committee directly above it."""
    if category not in ConcernCategory.values:
        raise ServiceError({"category": "Lĩnh vực không hợp lệ."})
    if kind not in ConcernKind.values:
        raise ServiceError({"kind": "Loại không hợp lệ."})
    if source not in ConcernSource.values:
        raise ServiceError({"source": "Nguồn không hợp lệ."})
    if not nfc(text):
        raise ServiceError({"text": "Cần ghi nội dung."})
    if member is not None and member.organization_id != cell.pk:
        raise ServiceError({"member": "Đảng viên phải thuộc chi bộ."})
    responsible = parent_of(cell)
    if responsible is None:
        raise ServiceError("Chi bộ không có cấp ủy cấp trên để tiếp nhận.")
    raised_on = raised_on or timezone.localdate()
    concern = Concern(
        cell=cell,
        member=member,
        member_hidden=member_hidden and member is not None,
        kind=kind,
        category=category,
        text=text.strip(),
        source=source,
        raised_by=actor,
        meeting=meeting,
        visit=visit,
        responsible=responsible,
        raised_on=raised_on,
        deadline=_deadline(raised_on, responsible),
    )
    validate(concern)
    with_actor(concern, actor).save()
    create_with_actor(
        ConcernAction, actor,
        concern=concern, kind=ActionKind.RECEIVE, organization=responsible, actor=actor
    )
    notify(
        _staff_users(responsible),
        f"Kiến nghị mới từ {cell.name}: {concern.text[:120]}",
        f"/supervision/concerns/{concern.pk}/",
    )
    return concern


@transaction.atomic
def visit_report(
    *,
    actor,
    meeting,
    attended: bool,
    band_seen: str = "",
    remarks: str = "",
    concerns: list[dict] | None = None,
    assignment=None,
) -> VisitReport:
    """The official's short report after a meeting, with the concerns raised there. The
    meeting's row lock comes first: the same report sent twice at once (a double tap, a
    retry on a slow line) finds the first one, instead of a second report or a 500."""
    labels = [label for label, _minimum in band_rules(meeting)]
    if band_seen and band_seen not in labels:
        raise ServiceError(
            {"band_seen": f"Xếp loại phải là {', '.join(labels[:-1])} hoặc {labels[-1]}."}
        )
    lock(meeting)
    if VisitReport.objects.filter(official=actor, meeting=meeting).exists():
        raise ServiceError("Đồng chí đã gửi báo cáo cho buổi sinh hoạt này.")
    if not attended and concerns:
        raise ServiceError("Không dự thì không ghi kiến nghị tại buổi sinh hoạt.")
    report = create_with_actor(
        VisitReport,
        actor,
        official=actor,
        meeting=meeting,
        assignment=assignment,
        attended=attended,
        band_seen=band_seen if attended else "",
        remarks=remarks.strip(),
    )
    # The cell-month's figures count the meetings a higher official attended.
    events.meeting_figures_changed.send(Meeting, meeting=meeting)
    for item in concerns or []:
        concern_raise(
            actor=actor,
            cell=meeting.organization,
            source=ConcernSource.OFFICIAL,
            meeting=meeting,
            visit=report,
            raised_on=timezone.localtime(meeting.scheduled_at).date(),
            **item,
        )
    return report


class ConcernMoved(ServiceError):
    """The concern is no longer where the caller saw it: answered, closed or moved up
    (meanwhile, by someone else). The API answers 409."""


def _ensure_open(concern: Concern) -> None:
    if not concern.is_open:
        raise ConcernMoved("Kiến nghị đã được trả lời hoặc đã đóng.")


def _take(concern: Concern, *, open_only: bool = True) -> None:
    """Lock the concern's row and reload it; refuse when it moved to another committee
    since the caller loaded it (someone escalated it meanwhile): a step is taken once,
    by the committee that holds the concern now, never applied twice."""
    seen = concern.responsible_id
    lock(concern)
    if concern.responsible_id != seen:
        raise ConcernMoved(
            f"Kiến nghị vừa được chuyển lên {concern.responsible.name} (có thể bởi người "
            "khác); bước này không thực hiện. Hãy tải lại trang để xem."
        )
    if open_only:
        _ensure_open(concern)


@transaction.atomic
def concern_assign(*, actor, concern: Concern, assignee, note: str = "") -> Concern:
    _take(concern)
    if not Scope.objects.filter(
        user=assignee, organization=concern.responsible, role=Role.COMMITTEE_STAFF
    ).exists():
        raise ServiceError(
            {"assignee": f"Người được giao phải là cán bộ của {concern.responsible.name}."}
        )
    concern.assignee = assignee
    concern.status = ConcernStatus.ASSIGNED
    with_actor(concern, actor).save()
    create_with_actor(
        ConcernAction, actor,
        concern=concern,
        kind=ActionKind.ASSIGN,
        organization=concern.responsible,
        actor=actor,
        note=nfc(note) or f"Giao đồng chí {assignee}",
    )
    notify(
        [assignee],
        f"Được giao xử lý kiến nghị: {concern.text[:120]}",
        f"/supervision/concerns/{concern.pk}/",
    )
    return concern


@transaction.atomic
def concern_escalate(
    *, actor, concern: Concern, note: str = "", automatic: bool = False, on: dt.date | None = None
) -> Concern:
    _take(concern)
    above = parent_of(concern.responsible)
    if above is None:
        raise ServiceError("Đây là cấp ủy cao nhất trong hệ thống; không chuyển lên được.")
    if not automatic and not nfc(note):
        raise ServiceError({"note": "Cần ghi lý do chuyển cấp trên."})
    on = on or timezone.localdate()
    concern.responsible = above
    concern.assignee = None
    concern.status = ConcernStatus.OPEN
    concern.deadline = _deadline(on, above)
    with_actor(concern, actor).save()
    create_with_actor(
        ConcernAction, actor,
        concern=concern,
        kind=ActionKind.AUTO_ESCALATE if automatic else ActionKind.ESCALATE,
        organization=above,
        actor=actor,
        note=nfc(note),
    )
    notify(
        _staff_users(above),
        f"Kiến nghị được chuyển lên từ cấp dưới: {concern.text[:120]}",
        f"/supervision/concerns/{concern.pk}/",
    )
    return concern


@transaction.atomic
def concern_answer(*, actor, concern: Concern, answer: str, on: dt.date | None = None) -> Concern:
    _take(concern)
    if not nfc(answer):
        raise ServiceError({"answer": "Cần ghi nội dung trả lời."})
    concern.answer = answer.strip()
    concern.answered_on = on or timezone.localdate()
    concern.status = ConcernStatus.ANSWERED
    with_actor(concern, actor).save()
    create_with_actor(
        ConcernAction, actor,
        concern=concern,
        kind=ActionKind.ANSWER,
        organization=concern.responsible,
        actor=actor,
        note=concern.answer,
    )
    _answer_back_to_cell(concern, actor)
    return concern


def _answer_back_to_cell(concern: Concern, actor=None) -> None:
    """The answer goes on the cell's next agenda, and its secretary hears of it."""
    _put_on_next_agenda(concern, actor)
    secretaries = PartyMember.objects.filter(
        organization=concern.cell, position="secretary", user__isnull=False
    ).select_related("user")
    notify(
        [m.user for m in secretaries],
        f"{concern.responsible.name} đã trả lời kiến nghị của chi bộ; sẽ thông báo tại kỳ "
        "sinh hoạt tới.",
        f"/supervision/concerns/{concern.pk}/",
    )


def _put_on_next_agenda(concern: Concern, actor=None) -> None:
    """The cell's next regular meeting, if already planned, gets the answer on its
    agenda; a meeting planned later picks it up when its agenda is made."""
    upcoming = (
        Meeting.objects.filter(
            organization=concern.cell,
            kind=MeetingKind.REGULAR,
            status__in=[MeetingStatus.PLANNED, MeetingStatus.HELD],
            scheduled_at__date__gte=concern.answered_on,
        )
        .order_by("scheduled_at")
        .first()
    )
    if upcoming is not None:
        agenda_insert(upcoming, answer_item_title(concern), actor=actor)


@transaction.atomic
def concern_close(*, actor, concern: Concern, note: str) -> Concern:
    _take(concern, open_only=False)  # an answered concern may still be closed
    if concern.status == ConcernStatus.CLOSED:
        raise ConcernMoved("Kiến nghị đã đóng.")
    if not nfc(note):
        raise ServiceError({"note": "Cần ghi kết quả hoặc lý do đóng."})
    # Closed with a response and no answer before: the response is the answer, and it
    # goes back to the cell like one.
    newly_answered = not concern.answer
    if newly_answered:
        concern.answer = nfc(note)
        concern.answered_on = timezone.localdate()
    concern.status = ConcernStatus.CLOSED
    with_actor(concern, actor).save()
    create_with_actor(
        ConcernAction, actor,
        concern=concern,
        kind=ActionKind.CLOSE,
        organization=concern.responsible,
        actor=actor,
        note=nfc(note),
    )
    if newly_answered:
        _answer_back_to_cell(concern, actor)
    return concern


@transaction.atomic
def answers_reported(*, actor, meeting) -> int:
    """At adoption of a cell meeting, the answers listed on its agenda count as told to
    the members."""
    if meeting.kind != "regular":
        return 0
    concerns = list(answers_to_report(meeting.organization, before=meeting.scheduled_at))
    for concern in concerns:
        concern.reported_at = meeting
        with_actor(concern, actor).save()
        create_with_actor(
        ConcernAction, actor,
            concern=concern,
            kind=ActionKind.REPORT,
            organization=concern.responsible,
            actor=actor,
            note=f"Thông báo tại {meeting}",
        )
    return len(concerns)


@transaction.atomic
def escalate_overdue(*, today: dt.date | None = None) -> list[Concern]:
    """The scheduled job: open concerns past their deadline go one level up (where there
    is one, and where the policy says so)."""
    today = today or timezone.localdate()
    moved = []
    for concern in Concern.objects.filter(
        status__in=[ConcernStatus.OPEN, ConcernStatus.ASSIGNED], deadline__lt=today
    ).select_related("responsible"):
        if not policy("concern.auto_escalate", on=today, organization=concern.responsible):
            continue
        if concern.responsible.depth <= 1:
            continue
        try:
            moved.append(
                concern_escalate(
                    actor=None,
                    concern=concern,
                    automatic=True,
                    on=today,
                    note=f"Quá hạn trả lời {concern.deadline:%d/%m/%Y}",
                )
            )
        except ServiceError:
            continue  # answered, closed or moved up by someone since it was listed
    return moved
