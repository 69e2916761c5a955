"""The record page: the minutes section by section, guests, speeches, the review of
earlier tasks, new tasks, the vote and the quality score."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from chibo.core.concurrency import edit_base
from chibo.core.forms import posted_base, with_edit_base
from chibo.core.web import submit
from chibo.documents.context import without_draft_words
from chibo.meetings import forms_record as forms
from chibo.meetings import rules, selectors, services
from chibo.meetings.guests import offered_officials
from chibo.meetings.models import Presence, Section, TaskResult
from chibo.meetings.views_common import SECTION_NAMES, SECTIONS, editable_meeting, record_url
from chibo.policies.selectors import PolicyMissing

OPENING_FIELDS = ["chair", "minute_taker", "started_at", "ended_at", "dues_collected"]


def _opening_initial(meeting, members) -> dict:
    chair = meeting.chair_id
    if chair is None:
        chair = next((m.pk for m in members if m.position == "secretary"), None)
    start = timezone.localtime(meeting.started_at) if meeting.started_at else None
    end = timezone.localtime(meeting.ended_at) if meeting.ended_at else None
    return {
        "chair": chair,
        "minute_taker": meeting.minute_taker_id,
        "meeting_date": (start or timezone.localtime(meeting.scheduled_at)).date(),
        "started_at": start.time() if start else None,
        "ended_at": end.time() if end else None,
        "dues_collected": meeting.dues_collected,
    }


def _review_rows(meeting, posted=None):
    tasks = list(selectors.tasks_for_review(meeting))
    reviews = {r.task_id: r for r in meeting.task_reviews.all()}
    rows = []
    for task in tasks:
        review = reviews.get(task.pk)
        if posted is not None:
            result = posted.get(f"result_{task.pk}", "")
            comment = posted.get(f"comment_{task.pk}", "")
        else:
            result = review.result if review else ""
            comment = review.comment if review else ""
        rows.append({"task": task, "result": result, "comment": comment, "saved": review})
    return rows


def _record_page(request, meeting, *, bound=None, open_section=None, reviews=None, errors=None):
    bound = bound or {}
    members, recorded = services.roll_for(meeting)
    # the pickers list those present at the roll call first
    present = {pk for pk, a in recorded.items() if a.presence == Presence.PRESENT}
    guests = list(meeting.guests.all())
    score = selectors.quality_score(meeting)
    roll = selectors.roll_call(meeting)
    content_forms = {
        name: bound.get(name)
        or with_edit_base(
            form_class(initial={f: getattr(meeting, f) for f in form_class.base_fields}),
            edit_base(meeting, form_class.base_fields),
        )
        for name, form_class in forms.CONTENT_FORMS.items()
    }
    open_section = open_section or request.GET.get("s") or "opening"
    if open_section not in SECTION_NAMES:
        open_section = "opening"
    # The draft's text starts the resolution, without its draft words.
    resolution = meeting.resolution or without_draft_words(meeting.draft_resolution)
    speeches = list(meeting.speeches.all())
    new_tasks = list(meeting.tasks.select_related("assignee"))
    review_rows = reviews or _review_rows(meeting)
    filled = {
        "opening": bool(meeting.chair_id and meeting.minute_taker_id and meeting.started_at),
        "review": bool(meeting.review_results or any(row["saved"] for row in review_rows)),
        "news": bool(meeting.news or meeting.new_policies),
        "study": bool(meeting.study_item),
        "discussion": bool(speeches or meeting.self_criticism),
        "next": bool(meeting.next_month or new_tasks),
        "conclusion": bool(meeting.conclusion and meeting.votes_for is not None),
        "score": score["complete"],
    }
    context = {
        "meeting": meeting,
        "sections": SECTIONS,
        "open_section": open_section,
        "opening_form": bound.get("opening")
        or with_edit_base(
            forms.OpeningForm(
                members=members, present=present, initial=_opening_initial(meeting, members)
            ),
            edit_base(meeting, OPENING_FIELDS),
        ),
        "content_forms": content_forms,
        "guest_form": bound.get("guest") or forms.GuestForm(),
        "speech_form": bound.get("speech")
        or forms.SpeechForm(
            members=members, guests=guests, present=present,
            initial={"section": Section.DISCUSSION},
        ),
        "task_form": bound.get("task") or forms.TaskForm(members=members, present=present),
        "offered_guests": offered_officials(meeting),
        "vote_form": bound.get("vote")
        or with_edit_base(
            forms.VoteForm(
                initial={
                    "decision_kind": meeting.decision_kind,
                    "resolution": resolution,
                    "votes_for": meeting.votes_for,
                    "votes_against": meeting.votes_against
                    if meeting.votes_against is not None
                    else 0,
                    "votes_abstain": meeting.votes_abstain
                    if meeting.votes_abstain is not None
                    else 0,
                }
            ),
            edit_base(meeting, ["resolution"]),
        ),
        "score_form": bound.get("score") or forms.ScoreForm(items=score["items"]),
        "score": score,
        "roll": roll,
        "vote": selectors.vote_summary(meeting),
        "vote_rules": _vote_rules(meeting),
        "voters": {"eligible": roll.eligible_voters(), "present": roll.voters_present()},
        "filled": filled,
        "guests": guests,
        "speeches": speeches,
        "review_rows": review_rows,
        "review_errors": errors or [],
        "task_results": TaskResult.choices,
        "new_tasks": new_tasks,
    }
    return render(request, "meetings/record.html", context)


def _members(meeting):
    members, _recorded = services.roll_for(meeting)
    return members


@editable_meeting
@require_http_methods(["GET", "POST"])
def record(request, meeting):
    """The minutes, section by section. A POST saves one section's text (`section`)."""
    if request.method != "POST":
        return _record_page(request, meeting)
    section = request.POST.get("section", "")
    if section == "opening":
        form = forms.OpeningForm(request.POST, members=_members(meeting))
    elif section in forms.CONTENT_FORMS:
        form = forms.CONTENT_FORMS[section](request.POST)
    else:
        return HttpResponseBadRequest("Phần biên bản không hợp lệ.")
    with_edit_base(form)
    if form.is_valid():
        done = submit(
            request,
            lambda: services.content_update(
                actor=request.user, meeting=meeting, base=posted_base(form),
                **form.service_kwargs(),
            ),
            form=form,
            success=f"Đã lưu phần «{dict(SECTIONS)[section]}».",
            then=record_url(meeting, section),
        )
        if done:
            return done
    return _record_page(request, meeting, bound={section: form}, open_section=section)


@editable_meeting
@require_POST
def guest_add(request, meeting):
    official = request.POST.get("official")
    if official:
        # One tap on an offered official (guests.offered_officials): name and office as
        # offered, marked as the higher committee's, linked to their account.
        offer = next((o for o in offered_officials(meeting) if str(o.user_id) == official), None)
        if offer is None:
            messages.error(request, "Đồng chí này không còn trong danh sách đề xuất khách mời.")
        else:
            services.guest_add(
                actor=request.user, meeting=meeting, name=offer.name, office=offer.office,
                is_higher_official=True, user=get_user_model().objects.get(pk=offer.user_id),
            )
            messages.success(request, f"Đã thêm khách mời {offer.name}.")
        return redirect(record_url(meeting, "opening"))
    form = forms.GuestForm(request.POST)
    if form.is_valid():
        done = submit(
            request,
            lambda: services.guest_add(actor=request.user, meeting=meeting, **form.cleaned_data),
            form=form,
            success=f"Đã thêm khách mời {form.cleaned_data['name']}.",
            then=record_url(meeting, "opening"),
        )
        if done:
            return done
    return _record_page(request, meeting, bound={"guest": form}, open_section="opening")


@editable_meeting
@require_POST
def guest_remove(request, meeting, item_id):
    services.guest_remove(actor=request.user, meeting=meeting, guest_id=item_id)
    messages.success(request, "Đã bỏ khách mời.")
    return redirect(record_url(meeting, "opening"))


@editable_meeting
@require_POST
def speech_add(request, meeting):
    form = forms.SpeechForm(request.POST, members=_members(meeting))
    if form.is_valid():
        done = submit(
            request,
            lambda: services.speech_add(
                actor=request.user, meeting=meeting, **form.service_kwargs()
            ),
            form=form,
            success=lambda speech: f"Đã ghi ý kiến của đồng chí {speech.speaker_name}.",
            then=record_url(meeting, "discussion"),
        )
        if done:
            return done
    return _record_page(request, meeting, bound={"speech": form}, open_section="discussion")


@editable_meeting
@require_POST
def speech_remove(request, meeting, item_id):
    services.speech_remove(actor=request.user, meeting=meeting, speech_id=item_id)
    messages.success(request, "Đã xóa ý kiến phát biểu.")
    return redirect(record_url(meeting, "discussion"))


@editable_meeting
@require_POST
def reviews(request, meeting):
    """Each task given at earlier meetings: done, partly or not done, with a comment.
    A task left without a result is not reported and stays open for the next meeting."""
    rows = _review_rows(meeting, request.POST)
    try:
        saved = services.task_reviews_record(actor=request.user, meeting=meeting, entries=rows)
    except ValidationError as error:
        errors = error.messages
    else:
        messages.success(request, f"Đã lưu kết quả {saved} nhiệm vụ.")
        return redirect(record_url(meeting, "review"))
    return _record_page(request, meeting, open_section="review", reviews=rows, errors=errors)


@editable_meeting
@require_POST
def task_add(request, meeting):
    form = forms.TaskForm(request.POST, members=_members(meeting))
    if form.is_valid():
        done = submit(
            request,
            lambda: services.task_assign(
                actor=request.user, meeting=meeting, **form.service_kwargs()
            ),
            form=form,
            success=lambda task: f"Đã giao nhiệm vụ cho đồng chí {task.assignee.full_name}.",
            then=record_url(meeting, "next"),
        )
        if done:
            return done
    return _record_page(request, meeting, bound={"task": form}, open_section="next")


@editable_meeting
@require_POST
def task_remove(request, meeting, item_id):
    services.task_remove(actor=request.user, meeting=meeting, task_id=item_id)
    messages.success(request, "Đã bỏ nhiệm vụ.")
    return redirect(record_url(meeting, "next"))


def _vote_rules(meeting) -> list[dict]:
    """Each kind of decision with the majority it needs on the meeting's day, so the
    screen names the rule before the votes are counted."""
    rows = []
    for kind in rules.DECISION_KINDS:
        try:
            rule = selectors.meeting_vote_rule(meeting, kind)
        except PolicyMissing:
            continue
        rows.append({"kind": kind, "text": rule.text, "basis": rule.basis,
                     "current": kind == meeting.decision_kind})
    return rows


def _vote_message(result) -> str:
    verdict = "được thông qua" if result.passed else "không được thông qua"
    mark = "đạt" if result.passed else "không đạt"
    return (
        f"Đã ghi kết quả biểu quyết: {result.votes_for}/{result.eligible} tán thành "
        f"({result.percent_for:g}%), nghị quyết {verdict}. {result.rule.label}: "
        f"{mark} (cần {result.rule.words} số đảng viên chính thức tán thành)."
    )


@editable_meeting
@require_POST
def vote(request, meeting):
    form = with_edit_base(forms.VoteForm(request.POST))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "base"}
        done = submit(
            request,
            lambda: services.vote_record(
                actor=request.user, meeting=meeting, base=posted_base(form), **data
            ),
            form=form,
            success=_vote_message,
            then=record_url(meeting, "conclusion"),
        )
        if done:
            return done
    return _record_page(request, meeting, bound={"vote": form}, open_section="conclusion")


def _score_message(result) -> str:
    if result["complete"]:
        text = f"Tổng điểm {result['total']:g}, xếp loại {result['band']}."
    else:
        text = "Còn tiêu chí chưa chấm."
    return f"Đã lưu điểm chất lượng. {text}"


@editable_meeting
@require_POST
def score(request, meeting):
    form = forms.ScoreForm(request.POST, items=selectors.quality_score(meeting)["items"])
    if form.is_valid():
        done = submit(
            request,
            lambda: services.score_record(
                actor=request.user, meeting=meeting, items=form.service_items()
            ),
            form=form,
            success=_score_message,
            then=record_url(meeting, "score"),
        )
        if done:
            return done
    return _record_page(request, meeting, bound={"score": form}, open_section="score")
