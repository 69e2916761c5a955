"""Recording on the member's page the periods in which the member does not count
(sinh hoạt tạm thời nơi khác, đình chỉ sinh hoạt, bị tạm giam): the staff and the
secretary of the member's cell, like the member's record itself."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chibo.core.web import submit
from chibo.members import services_states
from chibo.members.forms_states import StateEndForm, StateForm
from chibo.members.selectors import get_member_for_user


@login_required
@require_http_methods(["GET", "POST"])
def state_add(request, pk):
    member = get_member_for_user(request.user, pk, write=True)
    form = StateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services_states.state_add(actor=request.user, member=member,
                                              **form.cleaned_data),
            form=form,
            success=lambda state: f"Đã ghi: {member.full_name} – {state}.",
            then=reverse("members:detail", args=[member.pk]),
        )
        if done:
            return done
    return render(request, "members/form.html", {
        "form": form, "member": member,
        "title": f"Ghi thời gian không tính vào số đảng viên: {member.full_name}",
    })


@login_required
@require_http_methods(["GET", "POST"])
def state_end(request, pk, state_pk):
    member = get_member_for_user(request.user, pk, write=True)
    state = member.states.filter(pk=state_pk).first()
    if state is None:
        raise Http404("Không tìm thấy thời gian này.")
    form = StateEndForm(request.POST or None, initial={"ended_on": state.ended_on})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services_states.state_end(actor=request.user, state=state,
                                              **form.cleaned_data),
            form=form,
            # The state as it reads after the service (its end date set).
            success=lambda _: f"Đã ghi ngày kết thúc: {member.full_name} – {state}.",
            then=reverse("members:detail", args=[member.pk]),
        )
        if done:
            return done
    return render(request, "members/form.html", {
        "form": form, "member": member,
        "title": f"Kết thúc {state.get_kind_display().lower()}: {member.full_name}",
    })
