"""Preparing a meeting: the agenda, the draft resolution, the documents sent to the
members beforehand."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from chibo.core.concurrency import edit_base
from chibo.core.forms import posted_base, with_edit_base
from chibo.core.web import submit
from chibo.meetings import forms, lead_time, selectors, services
from chibo.meetings.views_common import editable_meeting, review_index


def _agenda_rows(meeting, posted=None):
    """[(order, title)] for the agenda editor: what was posted, or the saved items and
    two empty rows to add more."""
    if posted is not None:
        return posted
    rows = [(item.order, item.title) for item in meeting.agenda.all()]
    last = rows[-1][0] if rows else 0
    return rows + [(last + 1, ""), (last + 2, "")]


def _posted_agenda(request) -> list[tuple[int, str]]:
    titles = request.POST.getlist("title")
    orders = request.POST.getlist("order")
    rows = []
    for index, title in enumerate(titles):
        try:
            order = int(orders[index])
        except (IndexError, ValueError):
            order = index + 1
        rows.append((order, title))
    return rows


PREPARE_FIELDS = ["place", "draft_resolution"]


def _prepare_page(request, meeting, *, form=None, document_form=None, agenda=None):
    rows = _agenda_rows(meeting, agenda)
    return render(
        request,
        "meetings/prepare.html",
        {
            "meeting": meeting,
            "form": form
            or with_edit_base(
                forms.PrepareForm(
                    initial={"place": meeting.place, "draft_resolution": meeting.draft_resolution}
                ),
                edit_base(meeting, PREPARE_FIELDS),
            ),
            "document_form": document_form or forms.DocumentForm(),
            "agenda_rows": rows,
            "review_at": review_index(title for _order, title in rows),
            "review_tasks": list(selectors.tasks_for_review(meeting)),
            "documents": list(meeting.documents.all()),
        },
    )


@editable_meeting
@require_http_methods(["GET", "POST"])
def prepare(request, meeting):
    if request.method != "POST":
        return _prepare_page(request, meeting)
    form = with_edit_base(forms.PrepareForm(request.POST))
    posted = _posted_agenda(request)
    titles = [title for _order, title in sorted(posted, key=lambda row: row[0])]
    if form.is_valid():
        if not any(t.strip() for t in titles):
            form.add_error(None, "Chương trình cần ít nhất một nội dung.")
        else:

            @transaction.atomic
            def save():
                services.agenda_set(actor=request.user, meeting=meeting, titles=titles)
                services.content_update(
                    actor=request.user,
                    meeting=meeting,
                    base=posted_base(form),
                    **{f: form.cleaned_data[f] for f in PREPARE_FIELDS},
                )

            done = submit(
                request,
                save,
                form=form,
                success="Đã lưu chương trình và dự thảo nghị quyết.",
                then=reverse("meetings:prepare", args=[meeting.pk]),
            )
            if done:
                return done
    return _prepare_page(request, meeting, form=form, agenda=posted)


@editable_meeting
@require_POST
def document_add(request, meeting):
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        done = submit(
            request,
            lambda: services.document_attach(
                actor=request.user,
                meeting=meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            ),
            form=form,
            success=lambda document: f"Đã đính kèm tài liệu «{document.title}».",
            then=reverse("meetings:prepare", args=[meeting.pk]),
        )
        if done:
            return done
    return _prepare_page(request, meeting, document_form=form)


@editable_meeting
@require_POST
def documents_sent(request, meeting):
    """The secretary sends the documents to the members: they are told, the time kept."""
    back = reverse("meetings:detail", args=[meeting.pk])
    return submit(
        request,
        lambda: lead_time.documents_mark_sent(actor=request.user, meeting=meeting),
        success="Đã gửi tài liệu cho đảng viên của chi bộ.",
        then=back,
    ) or redirect(back)


@editable_meeting
@require_POST
def document_remove(request, meeting, document_id):
    services.document_remove(actor=request.user, meeting=meeting, document_id=document_id)
    messages.success(request, "Đã gỡ tài liệu.")
    return redirect("meetings:prepare", pk=meeting.pk)


@login_required
def document(request, pk, document_id):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    item = meeting.documents.filter(pk=document_id).first()
    if item is None or not item.file.storage.exists(item.file.name):
        raise Http404("Không tìm thấy tài liệu.")
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1]
    )
