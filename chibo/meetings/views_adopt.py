"""Adopting the minutes (then locked) and amending adopted minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chibo.core.forms import apply_service_error
from chibo.core.web import submit
from chibo.meetings import forms, selectors, services
from chibo.meetings.adoption import adoption_unmet
from chibo.meetings.models import MeetingStatus
from chibo.meetings.snapshot import current_minutes, minutes_snapshot
from chibo.meetings.views_common import posted, refusal


def _already_adopted(request, version):
    messages.info(
        request,
        f"Biên bản đã được thông qua trước đó (bản số {version.number}, mã kiểm tra "
        f"{version.content_hash[:12]}…).",
    )
    return redirect("meetings:detail", pk=version.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request, pk):
    """The minutes read out to the cell and adopted: shown in full, then locked. Adopting
    twice (a double tap, a second phone) lands on the adopted minutes, not on an error."""
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    if meeting.status == MeetingStatus.ADOPTED:
        version = meeting.versions.order_by("number").first()
        if version is not None:
            return _already_adopted(request, version)
    if refusal(meeting):
        messages.error(request, refusal(meeting))
        return redirect("meetings:detail", pk=meeting.pk)
    form = forms.AdoptForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # Not submit(): AlreadyAdopted is a refusal too, but it lands on the adopted minutes.
        try:
            version = services.meeting_adopt(actor=request.user, meeting=meeting)
        except services.AlreadyAdopted as error:
            return _already_adopted(request, error.version)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                f"Biên bản đã được thông qua và khóa (mã kiểm tra {version.content_hash[:12]}…).",
            )
            return redirect("meetings:detail", pk=meeting.pk)
    # What adoption would refuse, said before anyone confirms: the rule the service applies.
    unmet = adoption_unmet(meeting)
    return render(
        request,
        "meetings/adopt.html",
        {
            "meeting": meeting,
            "form": form,
            "minutes": minutes_snapshot(meeting),
            "missing": list(unmet.missing),
            "refusals": list(unmet.refusals),
            "unmarked": unmet.unmarked,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def amend(request, pk):
    """A correction of adopted minutes: a new version with its reason; the earlier
    versions stay as they were."""
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    if not meeting.is_adopted:
        messages.info(
            request, "Biên bản chưa được thông qua; hãy sửa trực tiếp ở trang ghi biên bản."
        )
        return redirect("meetings:detail", pk=meeting.pk)
    current = current_minutes(meeting)
    form = forms.AmendForm(posted(request), content=current["content"])
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.minutes_amend(
                actor=request.user,
                meeting=meeting,
                reason=form.cleaned_data["reason"],
                content=form.content(),
            ),
            form=form,
            success=lambda version: f"Đã lập bản đính chính số {version.number}; các bản "
            "trước vẫn được lưu.",
            then=reverse("meetings:detail", args=[meeting.pk]),
        )
        if done:
            return done
    return render(
        request,
        "meetings/amend.html",
        {"meeting": meeting, "form": form, "version": current.get("version", 1)},
    )
