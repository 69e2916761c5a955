"""The minutes as one JSON-ready dict: what is hashed at adoption, what the documents
print, what the API returns. Dates are ISO; `*_vi` fields are ready to print."""

from django.utils import timezone

from chibo.meetings.models import Meeting, MeetingKind, Presence
from chibo.organizations.models import Organization

SNAPSHOT_FORMAT = 1


def _vi_datetime(value):
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _vi_time(value):
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M}"


def minutes_snapshot(meeting: Meeting) -> dict:
    from chibo.meetings.selectors import quality_score, roll_call, tasks_for_review, vote_summary

    cell = meeting.organization
    parent = Organization.objects.filter(path=cell.parent_path).values_list("name", flat=True)
    parent_name = parent.first() or ""
    attendance = list(meeting.attendance.select_related("member"))
    roll = roll_call(meeting)
    rate = roll.attendance_rate()
    vote = vote_summary(meeting)
    score = quality_score(meeting)
    reviews = {r.task_id: r for r in meeting.task_reviews.select_related("task__assignee")}
    review_rows = [
        {
            "task": r.task.title,
            "assignee": r.task.assignee.full_name,
            "result": r.result,
            "result_label": r.get_result_display(),
            "comment": r.comment,
        }
        for r in reviews.values()
    ]
    if meeting.status != "adopted":
        # Before adoption, tasks still waiting for a review are listed as not reported.
        for task in tasks_for_review(meeting):
            if task.pk not in reviews:
                review_rows.append(
                    {
                        "task": task.title,
                        "assignee": task.assignee.full_name,
                        "result": "",
                        "result_label": "Chưa báo cáo",
                        "comment": "",
                    }
                )
    local = timezone.localtime(meeting.scheduled_at)
    return {
        "format": SNAPSHOT_FORMAT,
        "version": 1,
        "amendment_reason": "",
        "meeting": {
            "id": meeting.pk,
            "kind": meeting.kind,
            "kind_label": meeting.get_kind_display(),
            "month": meeting.period.month,
            "year": meeting.period.year,
            "topic": meeting.topic,
            "place": meeting.place,
            "scheduled_at": meeting.scheduled_at.isoformat(),
            "started_at": meeting.started_at.isoformat() if meeting.started_at else None,
            "ended_at": meeting.ended_at.isoformat() if meeting.ended_at else None,
            "started_vi": _vi_datetime(meeting.started_at or meeting.scheduled_at),
            "ended_vi": _vi_time(meeting.ended_at),
            "date_vi": f"ngày {local:%d} tháng {local.month} năm {local.year}",
            "duration_minutes": meeting.duration_minutes,
            "combined_with_regular": meeting.combined_with_regular,
            "dues_collected": meeting.dues_collected,
            "abstract": (
                f"Sinh hoạt chuyên đề: {meeting.topic}"
                if meeting.kind == MeetingKind.THEMATIC
                else f"{meeting.get_kind_display()} tháng {meeting.period.month} năm "
                f"{meeting.period.year}"
            ),
        },
        "organization": {
            "id": cell.pk,
            "name": cell.name,
            "parent_name": parent_name,
            "code": cell.code,
            "address": cell.address,
        },
        "chair": meeting.chair.full_name if meeting.chair else "",
        "minute_taker": meeting.minute_taker.full_name if meeting.minute_taker else "",
        "guests": [
            {"name": g.name, "office": g.office, "is_higher_official": g.is_higher_official}
            for g in meeting.guests.all()
        ],
        "counts": {
            "total": roll.total,
            "full": roll.count(status="full"),
            "probationary": roll.count(status="probationary"),
            "exempt": roll.count(status="exempt"),
            "present": roll.present,
            "excused": roll.count(presence=Presence.EXCUSED),
            "unexcused": roll.count(presence=Presence.UNEXCUSED),
            "attendance_rate": round(float(rate) * 100, 1) if rate is not None else None,
        },
        "present": [a.member.full_name for a in attendance if a.presence == Presence.PRESENT],
        "absentees": [
            {
                "name": a.member.full_name,
                "presence": a.presence,
                "presence_label": a.get_presence_display(),
                "reason": a.reason,
                "member_status": a.member_status,
            }
            for a in attendance
            if a.presence != Presence.PRESENT
        ],
        "agenda": [item.title for item in meeting.agenda.all()],
        "content": {
            field: getattr(meeting, field)
            for field in (
                "news",
                "new_policies",
                "review_results",
                "review_shortcomings",
                "review_causes",
                "study_item",
                "self_criticism",
                "next_month",
                "conclusion",
                "resolution",
            )
        },
        "speeches": [
            {
                "section": s.section,
                "section_label": s.get_section_display(),
                "speaker": s.speaker_name,
                "text": s.text,
            }
            for s in meeting.speeches.all()
        ],
        "task_reviews": review_rows,
        "new_tasks": [
            {
                "title": t.title,
                "assignee": t.assignee.full_name,
                "deadline": t.deadline.isoformat(),
                "deadline_vi": f"{t.deadline:%d/%m/%Y}",
            }
            for t in meeting.tasks.select_related("assignee").order_by("deadline", "id")
        ],
        "vote": None
        if vote is None
        else {
            "eligible": vote.eligible,
            "for": vote.votes_for,
            "against": vote.votes_against,
            "abstain": vote.votes_abstain,
            "passed": vote.passed,
            "percent_for": vote.percent_for,
        },
        "score": {
            "items": score["items"],
            "total": score["total"],
            "band": score["band"],
            "complete": score["complete"],
        },
        "adopted_at": meeting.adopted_at.isoformat() if meeting.adopted_at else None,
    }


def current_minutes(meeting: Meeting) -> dict:
    """The adopted minutes as last corrected, or the working draft before adoption."""
    latest = meeting.versions.order_by("-number").first()
    return latest.snapshot if latest else minutes_snapshot(meeting)
