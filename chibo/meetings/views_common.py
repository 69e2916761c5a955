"""What the meeting pages share: the gate of a meeting open to changes, the record
page's sections, the messages of a locked meeting.

Every page that changes a meeting fetches it with `write=True` (the cell's secretary, the
committee staff above it; anyone else gets 404) and refuses once the minutes are adopted:
the adopted minutes are changed only by an amendment (`views_adopt.amend`)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from chibo.core.scope import user_scope
from chibo.core.vi import fold
from chibo.meetings import selectors, services
from chibo.meetings.models import MeetingStatus

LOCKED_MESSAGE = services.LOCKED_MESSAGE
CANCELLED_MESSAGE = "Buổi sinh hoạt này đã bị hủy; không sửa được."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

# The record page, section by section, in the order of a meeting (domain.md §3).
SECTIONS = [
    ("opening", "Khai mạc: chủ trì, thư ký, thời gian, khách mời"),
    ("review", "Đánh giá tháng trước; kiểm điểm nhiệm vụ"),
    ("news", "Thông tin thời sự, chủ trương mới"),
    ("study", "Học tập và làm theo Bác"),
    ("discussion", "Thảo luận; tự phê bình và phê bình"),
    ("next", "Nhiệm vụ tháng tới; phân công"),
    ("conclusion", "Kết luận và biểu quyết nghị quyết"),
    ("score", "Chấm điểm chất lượng"),
]
SECTION_NAMES = {key for key, _ in SECTIONS}


def refusal(meeting) -> str:
    if meeting.status == MeetingStatus.ADOPTED:
        return LOCKED_MESSAGE
    if meeting.status == MeetingStatus.CANCELLED:
        return CANCELLED_MESSAGE
    return ""


def editable_meeting(view):
    """The meeting in the user's write scope, still open to changes. Once adopted (or
    cancelled) every page and POST answers with a message and the meeting's page,
    before anything is read from the request."""

    @login_required
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
        refused = refusal(meeting)
        if refused:
            messages.error(request, refused)
            return redirect("meetings:detail", pk=meeting.pk)
        return view(request, meeting, *args, **kwargs)

    return wrapper


def posted(request):
    """The POST data to bind a form to, even when empty (an unticked checkbox alone)."""
    return request.POST if request.method == "POST" else None


def record_url(meeting, section: str) -> str:
    return f"{reverse('meetings:record', args=[meeting.pk])}?s={section}#s-{section}"


def own_cell(user, organizations):
    """The secretary's own cell, when the user's write scope is exactly that cell."""
    path = user_scope(user).own_cell_path
    return next((o for o in organizations if o.path == path), None) if path else None


def review_index(titles) -> int | None:
    """The agenda item under which last month's tasks are listed: the review of last
    month ("Đánh giá ... tháng trước"), wherever the cell put it."""
    for index, title in enumerate(titles):
        folded = fold(title)
        if "thang truoc" in folded or folded.startswith("danh gia"):
            return index
    return None
