"""Tasks assigned at a meeting and their results reported at a later one."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chibo.core.services import ServiceError, delete_with_actor, with_actor
from chibo.core.vi import nfc
from chibo.meetings.models import Meeting, Task, TaskResult, TaskReview
from chibo.meetings.services_lock import ensure_editable, save_fields
from chibo.members.models import PartyMember
from chibo.notifications.services import notify


@transaction.atomic
def task_reviews_record(*, actor, meeting: Meeting, entries: list[dict]) -> int:
    """The results of earlier tasks reported at this meeting, all or nothing.

    entries: [{"task": Task, "result": done|partly|not_done|"", "comment": "..."}]. A
    task without a result is not reported and stays open; a comment needs a result.
    Returns how many were recorded. Any bad row refuses the whole list."""
    ensure_editable(meeting)
    errors, clean = [], []
    for entry in entries:
        task, result = entry["task"], entry.get("result") or ""
        comment = nfc(entry.get("comment") or "")
        if task.organization_id != meeting.organization_id:
            errors.append(f"{task.title}: nhiệm vụ không thuộc chi bộ này.")
        elif result and result not in TaskResult.values:
            errors.append(f"{task.title}: kết quả không hợp lệ.")
        elif comment and not result:
            errors.append(f"{task.title}: cần chọn kết quả trước khi ghi nhận xét.")
        elif len(comment) > 500:
            errors.append(f"{task.title}: nhận xét dài quá 500 ký tự.")
        elif result:
            clean.append((task, result, comment))
    if errors:
        raise ServiceError(errors)
    existing = {r.task_id: r for r in meeting.task_reviews.all()}
    for task, result, comment in clean:
        review = existing.get(task.pk) or TaskReview(task=task, meeting=meeting)
        if review.pk and (review.result, review.comment) == (result, comment):
            continue
        review.result, review.comment = result, comment
        with_actor(review, actor).save()
    if clean:
        save_fields(meeting, actor)
    return len(clean)


def task_review_record(
    *, actor, meeting: Meeting, task: Task, result: str, comment: str = ""
) -> TaskReview:
    """One task's result (the same rules as the list)."""
    task_reviews_record(
        actor=actor,
        meeting=meeting,
        entries=[{"task": task, "result": result or "?", "comment": comment}],
    )
    return TaskReview.objects.get(task=task, meeting=meeting)


@transaction.atomic
def task_assign(
    *, actor, meeting: Meeting, assignee: PartyMember, title: str, deadline: dt.date
) -> Task:
    ensure_editable(meeting)
    if assignee.organization_id != meeting.organization_id:
        raise ServiceError({"assignee": "Người được giao phải là đảng viên của chi bộ."})
    if not nfc(title):
        raise ServiceError({"title": "Cần ghi nội dung nhiệm vụ."})
    if deadline < timezone.localtime(meeting.scheduled_at).date():
        raise ServiceError({"deadline": "Thời hạn phải sau ngày sinh hoạt."})
    task = Task(
        organization=meeting.organization,
        meeting=meeting,
        assignee=assignee,
        title=nfc(title),
        deadline=deadline,
    )
    with_actor(task, actor).save()
    if assignee.user_id:
        notify(
            [assignee.user],
            f"Nhiệm vụ mới: {task.title} (hạn {deadline:%d/%m/%Y}).",
            "/meetings/tasks/",
        )
    return task


@transaction.atomic
def task_remove(*, actor, meeting: Meeting, task_id: int) -> None:
    ensure_editable(meeting)
    delete_with_actor(meeting.tasks.filter(pk=task_id), actor)
