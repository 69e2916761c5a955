"""The roll call: one row per member called, the whole list saved at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chibo.meetings import services
from chibo.meetings.models import Presence
from chibo.meetings.views_common import editable_meeting
from chibo.members.selectors_states import states_on


def _attendance_rows(members, recorded, posted=None, away=None):
    """One row per member; `away`: {member id: MemberState} of those who do not count on
    the meeting's day, shown as such instead of the presence buttons."""
    away = away or {}
    rows = []
    for member in members:
        if member.pk in away:
            rows.append({"member": member, "status": away[member.pk].kind,
                         "away": away[member.pk], "presence": "", "reason": ""})
            continue
        row = recorded.get(member.pk)
        if posted is not None:
            presence = posted.get(f"presence_{member.pk}", "")
            reason = posted.get(f"reason_{member.pk}", "")
        else:
            presence = row.presence if row else ""
            reason = row.reason if row else ""
        rows.append(
            {
                "member": member,
                "status": row.member_status if row else member.status,
                "presence": presence,
                "reason": reason,
            }
        )
    return rows


def _roll_counts(rows) -> dict:
    counts = {"total": len(rows), "full": 0, "probationary": 0, "exempt": 0, "unmarked": 0}
    for presence in Presence.values:
        counts[presence] = 0
    for row in rows:
        if row.get("away"):
            counts["away"] = counts.get("away", 0) + 1
            continue
        counts[row["status"]] = counts.get(row["status"], 0) + 1
        if row["presence"] in Presence.values:
            counts[row["presence"]] += 1
        else:
            counts["unmarked"] += 1
    return counts


@editable_meeting
@require_http_methods(["GET", "POST"])
def attendance(request, meeting):
    """The roll call, one row per member; the whole list is saved at once."""
    members, recorded = services.roll_for(meeting)
    errors = []
    posted = None
    if request.method == "POST":
        posted = request.POST
        entries = [
            {
                "member": member.pk,
                "presence": posted.get(f"presence_{member.pk}"),
                "reason": posted.get(f"reason_{member.pk}", ""),
            }
            for member in members
            if posted.get(f"presence_{member.pk}")
        ]
        if not entries:
            errors = ["Chưa điểm danh đảng viên nào."]
        else:
            try:
                roll = services.attendance_record(
                    actor=request.user, meeting=meeting, entries=entries
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    f"Đã lưu điểm danh: có mặt {roll.present}/{roll.total} đồng chí.",
                )
                if posted.get("next") == "record":
                    return redirect("meetings:record", pk=meeting.pk)
                return redirect("meetings:attendance", pk=meeting.pk)
    away = states_on([m.pk for m in members], timezone.localtime(meeting.scheduled_at).date())
    rows = _attendance_rows(members, recorded, posted, away)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "counts": _roll_counts(rows),
            "errors": errors,
            "presences": Presence.choices,
        },
    )
