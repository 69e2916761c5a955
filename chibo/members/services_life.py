"""A member's life in the cell: probation and recognition as a full member, and the
proposal to strike a name from the list (xóa tên).

The cell considers and proposes; the higher committee decides. A member's status
changes here only through a decision of the higher committee (Điều lệ Đảng, Điều 5 and
Điều 8): Chibo flags absences and reminds of deadlines, it never strikes anyone itself.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chibo.accounts.models import Role, User
from chibo.core.concurrency import lock
from chibo.core.scope import user_scope
from chibo.core.services import ServiceError, create_with_actor, with_actor
from chibo.core.vi import nfc
from chibo.members import events
from chibo.members.life import probation_dates
from chibo.members.models import (
    MemberStatus,
    PartyMember,
    Probation,
    ProbationProposal,
    ProbationState,
    RemovalProposal,
    RemovalState,
)
from chibo.notifications.services import notify
from chibo.policies.selectors import policy, policy_book

PROBATION_POLICIES = [
    "member.probation_months",
    "member.recognition_notice_days",
    "member.recognition_deadline_working_days",
]
DECIDER_ONLY = (
    "Chỉ cán bộ của cấp ủy cấp trên của chi bộ mới ghi được quyết định này; chi bộ chỉ "
    "đề nghị."
)
ALREADY_DECIDED = "Việc này đã được cấp ủy quyết định; tải lại trang để xem quyết định."


# --- who may do what -------------------------------------------------------------------


def can_propose(user, cell) -> bool:
    """The cell's secretary, or committee staff above it: those who write the cell."""
    return user_scope(user).covers(cell.path, write=True)


def can_decide(user, cell) -> bool:
    """Staff of a committee above the cell (its direct higher committee or further up).
    A secretary, even of the cell, only proposes."""
    scope = user_scope(user)
    if scope.is_admin:
        return True
    parent = cell.parent_path
    return bool(parent) and any(parent.startswith(p) for p in scope.staff_paths)


def cell_secretaries(cell):
    return list(User.objects.filter(
        is_active=True, scopes__organization=cell, scopes__role=Role.SECRETARY
    ).distinct())


def higher_staff(cell):
    """The staff of the cell's direct higher committee: who decides, who is told."""
    return list(User.objects.filter(
        is_active=True, scopes__organization__path=cell.parent_path,
        scopes__role=Role.COMMITTEE_STAFF,
    ).distinct())


def _member_url(member) -> str:
    return f"/members/{member.pk}/"


def _required(errors: dict, field: str, value, message: str):
    if value in (None, ""):
        errors[field] = message


def _check_decision_date(decided_on, *, not_before: dt.date, errors: dict) -> None:
    if decided_on is None:
        errors["decided_on"] = "Cần ghi ngày quyết định."
    elif decided_on > timezone.localdate():
        errors["decided_on"] = "Ngày quyết định không thể ở tương lai."
    elif decided_on < not_before:
        errors["decided_on"] = f"Ngày quyết định phải từ {not_before:%d/%m/%Y} trở đi."


def _strike(member: PartyMember, *, actor, on: dt.date, reason: str) -> None:
    """Take the member off the cell's list: status, open membership closed, positions
    dropped. The record and its history stay."""
    current = member.memberships.filter(ended_on__isnull=True).first()
    if current:
        current.ended_on = max(on, current.started_on)
        current.reason = (f"{current.reason}; {reason}" if current.reason else reason)[:255]
        with_actor(current, actor).save(update_fields=["ended_on", "reason"])
    member.status = MemberStatus.REMOVED
    member.position = ""
    member.party_group = None
    with_actor(member, actor).save()


# --- probation -------------------------------------------------------------------------


def _dates(member: PartyMember, admitted_on: dt.date):
    book = policy_book(PROBATION_POLICIES, on=admitted_on, organization=member.organization)
    return probation_dates(
        admitted_on,
        months=book["member.probation_months"],
        notice_days=book["member.recognition_notice_days"],
        deadline_working_days=book["member.recognition_deadline_working_days"],
    )


@transaction.atomic
def probation_open(
    *, actor, member: PartyMember, admission_decision: str = "",
    admission_decided_on: dt.date | None = None, admission_committee: str = "",
) -> Probation:
    """Record (or correct) a probationary member's admission; the end of probation, the
    day the committee is told and the cell's deadline follow from the policies in force
    on the admission day."""
    lock(member)
    if not can_propose(actor, member.organization):
        raise ServiceError("Đồng chí không có quyền ghi hồ sơ đảng viên của chi bộ này.")
    return open_for(member, actor=actor, admission_decision=admission_decision,
                    admission_decided_on=admission_decided_on,
                    admission_committee=admission_committee)


def open_for(member: PartyMember, *, actor, admission_decision: str = "",
             admission_decided_on: dt.date | None = None,
             admission_committee: str = "") -> Probation:
    """probation_open without the permission check, for the services that already
    checked it (member_create) inside their transaction, with the member locked."""
    if member.status != MemberStatus.PROBATIONARY:
        raise ServiceError("Chỉ ghi thời kỳ dự bị cho đảng viên dự bị.")
    if admission_decided_on and admission_decided_on > member.admitted_on:
        raise ServiceError({"admission_decided_on": (
            "Quyết định kết nạp có trước lễ kết nạp; ngày lễ kết nạp (ngày vào Đảng) là "
            f"{member.admitted_on:%d/%m/%Y}."
        )})
    ends_on, notice_on, consider_by = _dates(member, member.admitted_on)
    fields = {
        "admission_decision": nfc(admission_decision),
        "admission_decided_on": admission_decided_on,
        "admission_committee": nfc(admission_committee),
    }
    probation = Probation.objects.select_for_update().filter(member=member).first()
    if probation is None:
        return create_with_actor(
            Probation, actor, member=member, organization=member.organization,
            admitted_on=member.admitted_on, ends_on=ends_on, notice_on=notice_on,
            consider_by=consider_by, **fields,
        )
    if not probation.is_open or probation.state != ProbationState.ON_PROBATION:
        raise ServiceError("Chi bộ đã đề nghị; hồ sơ kết nạp không sửa được nữa.")
    for key, value in fields.items():
        setattr(probation, key, value)
    if probation.admitted_on != member.admitted_on:
        probation.admitted_on = member.admitted_on
        probation.ends_on, probation.notice_on, probation.consider_by = (
            ends_on, notice_on, consider_by
        )
        probation.notified_at = None
    probation.organization = member.organization
    with_actor(probation, actor).save()
    return probation


def recognition_item_title(member: PartyMember) -> str:
    return f"Xét công nhận đảng viên chính thức cho đồng chí {member.full_name}"


@transaction.atomic
def probation_schedule(*, actor, probation: Probation, meeting) -> Probation:
    """Put the consideration on a cell meeting's agenda. The cell considers once the
    12 months are over (its resolution comes after the end of probation)."""
    lock(probation)
    if not can_propose(actor, probation.organization):
        raise ServiceError("Đồng chí không có quyền ghi việc của chi bộ này.")
    if probation.state != ProbationState.ON_PROBATION:
        raise ServiceError("Chi bộ đã đề nghị; không cần xét lại.")
    if meeting.organization_id != probation.organization_id:
        raise ServiceError({"meeting": "Chỉ xét tại buổi sinh hoạt của chi bộ đảng viên."})
    if meeting.is_committee:
        raise ServiceError({"meeting": (
            "Việc công nhận đảng viên chính thức do chi bộ xét, không phải chi ủy."
        )})
    day = timezone.localtime(meeting.scheduled_at).date()
    if day < probation.ends_on:
        raise ServiceError({"meeting": (
            f"Buổi sinh hoạt ngày {day:%d/%m/%Y} còn trong thời kỳ dự bị (hết ngày "
            f"{probation.ends_on:%d/%m/%Y}); chi bộ xét sau ngày đó."
        )})
    member = probation.member
    if not events.ask(events.consideration_scheduled, PartyMember, meeting=meeting,
                      title=recognition_item_title(member), actor=actor):
        raise ServiceError({"meeting": (
            "Buổi sinh hoạt này đã thông qua biên bản hoặc đã hủy; hãy chọn buổi khác."
        )})
    probation.meeting = meeting
    with_actor(probation, actor).save(update_fields=["meeting"])
    return probation


@transaction.atomic
def probation_vote(
    *, actor, probation: Probation, proposal: str, votes_for: int, votes_against: int,
    votes_abstain: int,
):
    """The cell's vote at its meeting, judged with the recognition majority in force on
    the meeting's day (policy vote.majority_recognition; meetings judges it).
    Passed: the proposal goes to the higher committee. Short of it: another round; after
    the policy's number of rounds the cell reports and the committee decides."""
    lock(probation)
    if not can_propose(actor, probation.organization):
        raise ServiceError("Đồng chí không có quyền ghi việc của chi bộ này.")
    if probation.state != ProbationState.ON_PROBATION:
        raise ServiceError("Chi bộ đã đề nghị lên cấp ủy; không biểu quyết lại.")
    if proposal not in ProbationProposal.values:
        raise ServiceError({"proposal": "Chọn nội dung biểu quyết."})
    meeting = probation.meeting
    if meeting is None:
        raise ServiceError("Hãy đưa việc xét công nhận vào một buổi sinh hoạt của chi bộ trước.")
    lock(meeting)
    if not meeting.is_held:
        raise ServiceError(
            "Chỉ ghi biểu quyết khi buổi sinh hoạt đang diễn ra (đã điểm danh, biên bản chưa "
            "thông qua)."
        )
    result = events.ask(
        events.recognition_voted, PartyMember, meeting=meeting, votes_for=votes_for,
        votes_against=votes_against, votes_abstain=votes_abstain,
    )
    if result.eligible == 0:
        raise ServiceError("Chưa điểm danh buổi sinh hoạt; chưa tính được tỷ lệ biểu quyết.")
    day = timezone.localtime(meeting.scheduled_at).date()
    rounds = policy("member.recognition_vote_rounds", on=day, organization=meeting.organization)
    probation.proposal = proposal
    probation.votes_for, probation.votes_against, probation.votes_abstain = (
        votes_for, votes_against, votes_abstain
    )
    probation.eligible = result.eligible
    probation.vote_rounds += 1
    member = probation.member
    if result.passed:
        probation.state = ProbationState.PROPOSED
    elif probation.vote_rounds >= rounds:
        probation.state = ProbationState.REFERRED
    with_actor(probation, actor).save()
    if probation.state != ProbationState.ON_PROBATION:
        what = ProbationProposal(proposal).label.lower() if result.passed else (
            f"biểu quyết {probation.vote_rounds} lần chưa đủ tỷ lệ"
        )
        notify(
            higher_staff(probation.organization),
            f"{probation.organization.name}: {what} đối với đồng chí {member.full_name}; "
            "chờ cấp ủy quyết định.",
            _member_url(member),
        )
    return result


@transaction.atomic
def probation_decide(
    *, actor, probation: Probation, outcome: str, decision_number: str,
    decided_on: dt.date | None, note: str = "",
) -> Probation:
    """The higher committee's decision: recognized as a full member (as of the end of
    probation, even when decided later) or struck from the list of probationary members."""
    if not can_decide(actor, probation.organization):
        raise ServiceError(DECIDER_ONLY)
    lock(probation)
    if probation.state in (ProbationState.RECOGNIZED, ProbationState.STRUCK):
        raise ServiceError(ALREADY_DECIDED)
    if probation.state == ProbationState.ON_PROBATION:
        raise ServiceError("Chi bộ chưa xét và đề nghị; cấp ủy quyết định sau đề nghị của chi bộ.")
    errors = {}
    if outcome not in (ProbationState.RECOGNIZED, ProbationState.STRUCK):
        errors["outcome"] = "Chọn quyết định: công nhận chính thức hoặc xóa tên."
    _required(errors, "decision_number", nfc(decision_number), "Cần ghi số quyết định.")
    _check_decision_date(decided_on, not_before=probation.ends_on, errors=errors)
    expected = {
        ProbationProposal.RECOGNIZE: ProbationState.RECOGNIZED,
        ProbationProposal.STRIKE: ProbationState.STRUCK,
    }.get(probation.proposal)
    if (probation.state == ProbationState.PROPOSED and outcome != expected
            and not nfc(note)):
        errors["note"] = "Quyết định khác đề nghị của chi bộ: cần ghi lý do."
    if errors:
        raise ServiceError(errors)
    member = lock(probation.member)
    probation.state = outcome
    probation.decision_number = nfc(decision_number)
    probation.decided_on = decided_on
    probation.decided_by = actor
    probation.decision_note = nfc(note)
    with_actor(probation, actor).save()
    if outcome == ProbationState.RECOGNIZED:
        member.status = MemberStatus.FULL
        member.full_member_on = probation.ends_on
        with_actor(member, actor).save()
        text = (f"Đồng chí {member.full_name} được công nhận đảng viên chính thức từ ngày "
                f"{probation.ends_on:%d/%m/%Y} (quyết định số {probation.decision_number}).")
    else:
        _strike(member, actor=actor, on=decided_on, reason=(
            f"Xóa tên trong danh sách đảng viên dự bị (quyết định số "
            f"{probation.decision_number})"
        ))
        text = (f"Đồng chí {member.full_name} bị xóa tên trong danh sách đảng viên dự bị "
                f"(quyết định số {probation.decision_number}).")
    notify(cell_secretaries(probation.organization), text, _member_url(member))
    return probation


@transaction.atomic
def probation_reminders(*, today: dt.date | None = None) -> int:
    """Tell the cell's secretary and the higher committee's staff of each probation that
    ends within the policy's notice, once. Run daily (manage.py notify_probation_ending)."""
    today = today or timezone.localdate()
    due = list(
        Probation.objects.select_for_update()
        .filter(state=ProbationState.ON_PROBATION, notice_on__lte=today,
                notified_at__isnull=True)
        .select_related("member", "organization")
        .order_by("pk")
    )
    for probation in due:
        member = probation.member
        notify(
            cell_secretaries(probation.organization) + higher_staff(probation.organization),
            f"Đồng chí {member.full_name} ({probation.organization.name}) hết thời hạn dự bị "
            f"ngày {probation.ends_on:%d/%m/%Y}; chi bộ xét công nhận đảng viên chính thức "
            f"chậm nhất ngày {probation.consider_by:%d/%m/%Y}.",
            _member_url(member),
        )
        probation.notified_at = timezone.now()
        with_actor(probation, None).save(update_fields=["notified_at"])
    return len(due)


# --- removal from the list -------------------------------------------------------------


def unexcused_month_list(member: PartyMember, year: int) -> list[str]:
    """The months ("YYYY-MM") of `year` in which the member missed the cell's meeting
    (regular or thematic) without reason: what the absence flag counts (read from the
    roll calls by meetings)."""
    return events.ask(events.absent_months, PartyMember, member=member, year=year)


def unpaid_dues_month_list(member: PartyMember, year: int) -> list[str]:
    """The months ("YYYY-MM") of `year` recorded as dues unpaid without reason
    (read from the dues ledger by dues, the rule the absence flags read)."""
    return events.ask(events.unpaid_months, PartyMember, member=member, year=year)


@transaction.atomic
def removal_propose(*, actor, member: PartyMember, year: int, reason: str) -> RemovalProposal:
    """The cell proposes to strike the member (đề nghị xóa tên) on a year's months of
    unexcused absence (read from the roll calls) and/or of dues unpaid without reason
    (read from the dues ledger), never typed: either reaching absence.flag_months is a
    ground (Điều lệ Đảng, Điều 8)."""
    lock(member)
    if not can_propose(actor, member.organization):
        raise ServiceError("Đồng chí không có quyền đề nghị đối với đảng viên của chi bộ này.")
    if member.status == MemberStatus.REMOVED:
        raise ServiceError("Đảng viên này đã bị xóa tên.")
    if RemovalProposal.objects.filter(member=member, state=RemovalState.PROPOSED).exists():
        raise ServiceError("Đã có đề nghị xóa tên đang chờ cấp ủy quyết định.")
    reason = nfc(reason)
    if not reason:
        raise ServiceError({"reason": "Cần ghi lý do đề nghị (đã gặp gỡ, giáo dục thế nào)."})
    months = unexcused_month_list(member, year)
    unpaid = unpaid_dues_month_list(member, year)
    threshold = policy("absence.flag_months", on=dt.date(year, 12, 31),
                       organization=member.organization)
    if len(months) < threshold and len(unpaid) < threshold:
        raise ServiceError({"year": (
            f"Năm {year} đồng chí {member.full_name} vắng sinh hoạt không lý do "
            f"{len(months)} tháng và không đóng đảng phí không lý do {len(unpaid)} tháng, "
            f"đều chưa đến {threshold} tháng."
        )})
    # Each ground is named when it reaches the threshold; one short of it is not a ground.
    proposal = create_with_actor(
        RemovalProposal, actor, member=member, organization=member.organization, year=year,
        months=months if len(months) >= threshold else [],
        unpaid_months=unpaid if len(unpaid) >= threshold else [],
        reason=reason, proposed_on=timezone.localdate(), proposed_by=actor,
    )
    notify(
        higher_staff(member.organization),
        f"{member.organization.name} đề nghị xóa tên đồng chí {member.full_name} "
        f"({'; '.join(proposal.grounds_list())}); chờ cấp ủy quyết định.",
        _member_url(member),
    )
    return proposal


@transaction.atomic
def removal_decide(
    *, actor, proposal: RemovalProposal, approve: bool, decision_number: str = "",
    decided_on: dt.date | None = None, note: str = "",
) -> RemovalProposal:
    """The higher committee agrees (the member is struck) or does not (nothing changes
    for the member). Two people deciding at once: the second is told it is decided."""
    if not can_decide(actor, proposal.organization):
        raise ServiceError(DECIDER_ONLY)
    lock(proposal)
    if proposal.state != RemovalState.PROPOSED:
        raise ServiceError(ALREADY_DECIDED)
    errors = {}
    _check_decision_date(decided_on, not_before=proposal.proposed_on, errors=errors)
    if approve:
        _required(errors, "decision_number", nfc(decision_number), "Cần ghi số quyết định.")
    else:
        _required(errors, "note", nfc(note), "Cần ghi lý do không đồng ý.")
    if errors:
        raise ServiceError(errors)
    proposal.state = RemovalState.APPROVED if approve else RemovalState.REJECTED
    proposal.decision_number = nfc(decision_number)
    proposal.decided_on = decided_on
    proposal.decided_by = actor
    proposal.decision_note = nfc(note)
    with_actor(proposal, actor).save()
    member = lock(proposal.member)
    if approve:
        _strike(member, actor=actor, on=decided_on, reason=(
            f"Xóa tên trong danh sách đảng viên (quyết định số {proposal.decision_number})"
        ))
        text = (f"Cấp ủy đồng ý xóa tên đồng chí {member.full_name} (quyết định số "
                f"{proposal.decision_number}).")
    else:
        text = (f"Cấp ủy không đồng ý xóa tên đồng chí {member.full_name}: "
                f"{proposal.decision_note}")
    notify(cell_secretaries(proposal.organization), text, _member_url(member))
    return proposal


NEW_MEMBER_STRUCK = (
    "Không thêm được đảng viên với trạng thái «Đã xóa tên»: việc xóa tên chỉ theo quyết "
    "định của cấp ủy cấp trên (mục Đề nghị xóa tên). Hãy ghi trạng thái trước khi xóa tên "
    "(Chính thức, Dự bị hoặc Miễn sinh hoạt)."
)


def check_new_member_status(member: PartyMember) -> None:
    """A member enters the list (the member form, an Excel file) as full, probationary or
    exempt; the status «Đã xóa tên» comes only from the committee's decision here."""
    if member.status == MemberStatus.REMOVED:
        raise ServiceError({"status": NEW_MEMBER_STRUCK})


def check_status_change(member: PartyMember, old_status: str) -> None:
    """The member form may not make a probationary member full or strike a name: those
    follow the higher committee's decisions here."""
    if member.status == old_status:
        return
    if MemberStatus.REMOVED in (old_status, member.status):
        raise ServiceError({"status": (
            "Việc xóa tên chỉ theo quyết định của cấp ủy (mục Đề nghị xóa tên), không sửa ở "
            "hồ sơ."
        )})
    if (old_status == MemberStatus.PROBATIONARY
            and Probation.objects.filter(member=member, state__in=[
                ProbationState.ON_PROBATION, ProbationState.PROPOSED,
                ProbationState.REFERRED]).exists()):
        raise ServiceError({"status": (
            "Đảng viên dự bị chỉ trở thành chính thức theo quyết định của cấp ủy (mục Thời kỳ "
            "dự bị)."
        )})

