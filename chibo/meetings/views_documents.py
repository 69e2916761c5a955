"""The minutes and the resolution as Word and PDF, and a cell's minute book of a year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chibo.core.scope import require
from chibo.core.web import file_response, slug
from chibo.documents import renderers
from chibo.jobs.web import offer
from chibo.meetings import jobs as book_jobs
from chibo.meetings import selectors
from chibo.meetings.models import MeetingStatus
from chibo.meetings.snapshot import book_versions, current_minutes
from chibo.meetings.views_common import DOCX, PDF
from chibo.organizations.selectors import get_organization_for_user


def _file_stem(kind: str, meeting) -> str:
    local = timezone.localtime(meeting.scheduled_at)
    stem = f"{kind}-{slug(meeting.get_kind_display())}-{local:%d-%m-%Y}"
    stem += f"-{slug(meeting.organization.name)}"
    if meeting.status != MeetingStatus.ADOPTED:
        stem += "-du-thao"
    return stem


def _download(request, meeting, render_file, *, kind: str, suffix: str, content_type: str):
    snapshot = current_minutes(meeting)
    try:
        content = render_file(snapshot)
    except NotImplementedError:
        messages.error(request, "Chức năng in văn bản đang được hoàn thiện; hãy thử lại sau.")
        return redirect("meetings:detail", pk=meeting.pk)
    return file_response(
        content, filename=f"{_file_stem(kind, meeting)}.{suffix}", content_type=content_type
    )


@login_required
def minutes_docx(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request, meeting, renderers.minutes_docx, kind="bien-ban", suffix="docx", content_type=DOCX
    )


@login_required
def minutes_pdf(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request, meeting, renderers.minutes_pdf, kind="bien-ban", suffix="pdf", content_type=PDF
    )


@login_required
def resolution_docx(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request,
        meeting,
        renderers.resolution_docx,
        kind="nghi-quyet",
        suffix="docx",
        content_type=DOCX,
    )


@login_required
def resolution_pdf(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request,
        meeting,
        renderers.resolution_pdf,
        kind="nghi-quyet",
        suffix="pdf",
        content_type=PDF,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minute_book(request, org_pk, year):
    """The book is built by the worker (chibo.jobs: a year of minutes is a long PDF): GET
    offers it, POST queues it. What can be told at once (not a cell, nothing adopted)
    is told here."""
    cell = get_organization_for_user(request.user, org_pk)
    require(cell.is_cell, "Sổ biên bản chỉ có ở chi bộ.")
    back = f"{reverse('meetings:list')}?organization={cell.pk}&year={year}"
    if not book_versions(cell, year).exists():
        messages.info(request, f"{cell.name} chưa có biên bản nào được thông qua năm {year}.")
        return redirect(back)
    return offer(request, kind=book_jobs.KIND, params=book_jobs.params(cell, year),
                 title=book_jobs.title(cell, year), back_url=back)
