"""The member's page (the record, its history, its life in the cell), and the pages of
that life: the probation timeline and its steps on the member's page, the list of
probations ending, the removal proposals and their decisions.

Each step is a POST to its own URL; a refused step shows the member's page again with
the form as typed and the service's message."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chibo.audit.history import object_history
from chibo.core.scope import require, scope_required, user_scope
from chibo.core.web import submit
from chibo.members import events, forms_life, selectors_life, services_life
from chibo.members.models import (
    Membership,
    MemberStatus,
    PartyMember,
    Probation,
    ProbationState,
    RemovalProposal,
    RemovalState,
)
from chibo.members.selectors import get_member_for_user

DENIED = "Không tìm thấy hoặc bạn không có quyền."


def _meetings_for(probation: Probation):
    """The cell's meetings (not the chi ủy's) from the end of probation on that can
    still take an agenda item."""
    return events.ask(events.consideration_meetings, PartyMember,
                      cell_id=probation.organization_id, since=probation.ends_on)


def timeline(probation: Probation, today) -> list[dict]:
    """The steps of a probation as the member's page shows them: date, what, done."""
    steps = [{
        "day": probation.admitted_on, "done": True, "title": "Kết nạp (lễ kết nạp)",
        "text": (f"Quyết định số {probation.admission_decision}"
                 + (f" ngày {probation.admission_decided_on:%d/%m/%Y}"
                    if probation.admission_decided_on else "")
                 + (f" của {probation.admission_committee}" if probation.admission_committee
                    else "")) if probation.admission_decision else "Chưa ghi quyết định kết nạp",
    }, {
        "day": probation.notice_on, "done": probation.notified_at is not None,
        "title": "Báo bí thư chi bộ và cấp ủy cấp trên",
        "text": (f"Đã báo lúc {timezone.localtime(probation.notified_at):%H:%M %d/%m/%Y}"
                 if probation.notified_at else "Chibo báo khi đến ngày"),
    }, {
        "day": probation.ends_on, "done": today >= probation.ends_on,
        "title": "Hết thời hạn dự bị",
        "text": "Đủ điều kiện thì là đảng viên chính thức từ ngày này",
    }]
    meeting = probation.meeting
    vote = ""
    if probation.vote_rounds:
        vote = (f"Lần biểu quyết thứ {probation.vote_rounds}: {probation.get_proposal_display()}"
                f" – tán thành {probation.votes_for}/{probation.eligible} đảng viên chính "
                "thức tính tỷ lệ")
    steps.append({
        "day": timezone.localtime(meeting.scheduled_at).date() if meeting else None,
        "done": probation.state != ProbationState.ON_PROBATION,
        "late": probation.state == ProbationState.ON_PROBATION and today > probation.consider_by,
        "title": f"Chi bộ xét (hạn chót {probation.consider_by:%d/%m/%Y})",
        "text": "; ".join(x for x in [
            f"{meeting}" if meeting else "Chưa đưa vào buổi sinh hoạt nào", vote,
        ] if x),
    })
    decided = probation.state in (ProbationState.RECOGNIZED, ProbationState.STRUCK)
    steps.append({
        "day": probation.decided_on, "done": decided, "title": "Cấp ủy có thẩm quyền quyết định",
        "text": (f"{probation.get_state_display()} – quyết định số {probation.decision_number}"
                 + (f". {probation.decision_note}" if probation.decision_note else "")
                 if decided else probation.get_state_display()),
    })
    return steps


def life_context(request, member, **bound) -> dict:
    """What the member's page shows of the member's life: the probation and its steps,
    the removal proposals, and the forms of the steps the user may take."""
    user = request.user
    today = timezone.localdate()
    cell = member.organization
    may_write = services_life.can_propose(user, cell)
    may_decide = services_life.can_decide(user, cell)
    probation = Probation.objects.filter(member=member).select_related("meeting").first()
    context = {
        "probation": probation,
        "may_propose": may_write,
        "may_decide": may_decide,
        "removals": list(RemovalProposal.objects.filter(member=member)
                         .select_related("proposed_by", "decided_by")),
    }
    if probation:
        context["steps"] = timeline(probation, today)
        try:
            context["recognition_rule"] = events.ask(
                events.recognition_rule, PartyMember, organization=cell,
                on=max(today, probation.ends_on),
            )
        except Exception:  # noqa: BLE001 - the page shows the steps without the rule
            context["recognition_rule"] = None
        if may_write and probation.state == ProbationState.ON_PROBATION:
            context["admission_form"] = bound.get("admission_form") or forms_life.AdmissionForm(
                initial={
                    "admission_decision": probation.admission_decision,
                    "admission_decided_on": probation.admission_decided_on,
                    "admission_committee": probation.admission_committee,
                }
            )
            context["schedule_form"] = bound.get("schedule_form") or forms_life.ScheduleForm(
                meetings=_meetings_for(probation)
            )
            if probation.meeting_id:
                context["vote_form"] = bound.get("vote_form") or forms_life.VoteForm()
        if may_decide and probation.state in (ProbationState.PROPOSED, ProbationState.REFERRED):
            outcome = (ProbationState.STRUCK if probation.proposal == "strike"
                       else ProbationState.RECOGNIZED)
            context["decision_form"] = bound.get("decision_form") or (
                forms_life.ProbationDecisionForm(initial={"outcome": outcome, "decided_on": today})
            )
    elif may_write and member.status == MemberStatus.PROBATIONARY:
        context["admission_form"] = bound.get("admission_form") or forms_life.AdmissionForm()
    pending = next((r for r in context["removals"] if r.state == RemovalState.PROPOSED), None)
    context["pending_removal"] = pending
    if may_write and member.status != MemberStatus.REMOVED and pending is None:
        year = today.year
        context["removal_form"] = bound.get("removal_form") or forms_life.RemovalForm(
            initial={"year": year}
        )
        context["absent_months"] = [
            f"{m[5:7]}/{m[:4]}" for m in services_life.unexcused_month_list(member, year)
        ]
        context["unpaid_months"] = [
            f"{m[5:7]}/{m[:4]}" for m in services_life.unpaid_dues_month_list(member, year)
        ]
    if may_decide and pending is not None:
        context["removal_decision_form"] = bound.get("removal_decision_form") or (
            forms_life.RemovalDecisionForm(initial={"decided_on": today})
        )
    # A refused step shows its form (with the message) even when the state it needed has
    # gone meanwhile (someone else decided first).
    context.update(bound)
    return context


def member_page(request, member, **bound):
    """The member's page: the record and its history, and the life steps (a refused step
    comes back with its form as typed, in `bound`)."""
    return render(request, "members/detail.html",
                  {**detail_context(request, member), **life_context(request, member, **bound)})


def detail_context(request, member) -> dict:
    scope = user_scope(request.user)
    can_write = scope.covers(member.organization.path, write=True)
    return {
        "member": member,
        "memberships": member.memberships.select_related("organization"),
        "can_write": can_write,
        # What changed in the record, its memberships, its probation and removal
        # proposals (shown to who may write it).
        "history": object_history(
            member.history.all(), *member_history_parts(member)
        ) if can_write else [],
    }


def _step(request, member, form_name: str, form, action) -> object:
    """One step of the member's life recorded from a form of their page: `action` runs the
    service and says what was done."""
    if form.is_valid():
        done = submit(request, lambda: action(form.cleaned_data), form=form,
                      success=lambda message: message,
                      then=reverse("members:detail", args=[member.pk]))
        if done:
            return done
    return member_page(request, member, **{form_name: form})


def _probation_of(member) -> Probation:
    probation = Probation.objects.filter(member=member).first()
    if probation is None:
        raise Http404("Đảng viên này chưa có hồ sơ thời kỳ dự bị.")
    return probation


@login_required
@require_POST
def probation_open(request, pk):
    member = get_member_for_user(request.user, pk, write=True)

    def act(data):
        services_life.probation_open(actor=request.user, member=member, **data)
        return "Đã ghi quyết định kết nạp và thời hạn dự bị."

    return _step(request, member, "admission_form", forms_life.AdmissionForm(request.POST), act)


@login_required
@require_POST
def probation_schedule(request, pk):
    member = get_member_for_user(request.user, pk, write=True)
    probation = _probation_of(member)
    form = forms_life.ScheduleForm(request.POST, meetings=_meetings_for(probation))

    def act(data):
        meeting = form.meetings[data["meeting"]]
        services_life.probation_schedule(actor=request.user, probation=probation,
                                         meeting=meeting)
        return f"Đã đưa việc xét công nhận vào chương trình {meeting}."

    return _step(request, member, "schedule_form", form, act)


@login_required
@require_POST
def probation_vote(request, pk):
    member = get_member_for_user(request.user, pk, write=True)
    probation = _probation_of(member)

    def act(data):
        result = services_life.probation_vote(actor=request.user, probation=probation, **data)
        verdict = "đạt" if result.passed else "không đạt"
        return (f"Đã ghi biểu quyết: tán thành {result.votes_for}/{result.eligible}, "
                f"{verdict} ({result.rule.words} số đảng viên chính thức).")

    return _step(request, member, "vote_form", forms_life.VoteForm(request.POST), act)


@login_required
@require_POST
def probation_decide(request, pk):
    member = get_member_for_user(request.user, pk)
    require(services_life.can_decide(request.user, member.organization), DENIED)
    probation = _probation_of(member)

    def act(data):
        services_life.probation_decide(actor=request.user, probation=probation, **data)
        return "Đã ghi quyết định của cấp ủy."

    return _step(request, member, "decision_form",
                 forms_life.ProbationDecisionForm(request.POST), act)


@login_required
@require_POST
def removal_propose(request, pk):
    member = get_member_for_user(request.user, pk, write=True)

    def act(data):
        proposal = services_life.removal_propose(actor=request.user, member=member, **data)
        return (f"Đã gửi đề nghị xóa tên ({'; '.join(proposal.grounds_list())}) lên "
                "cấp ủy cấp trên.")

    return _step(request, member, "removal_form", forms_life.RemovalForm(request.POST), act)


@login_required
@require_POST
def removal_decide(request, pk):
    proposal = selectors_life.get_removal_for_user(request.user, pk)
    require(services_life.can_decide(request.user, proposal.organization), DENIED)
    member = get_member_for_user(request.user, proposal.member_id)

    def act(data):
        services_life.removal_decide(actor=request.user, proposal=proposal, **data)
        return "Đã ghi quyết định của cấp ủy về đề nghị xóa tên."

    return _step(request, member, "removal_decision_form",
                 forms_life.RemovalDecisionForm(request.POST), act)


@login_required
@scope_required(lambda scope: scope.reads_organizations)
def probation_list(request):
    """Probationary members of the scope: those whose end is near or past first."""
    today = timezone.localdate()
    rows = list(selectors_life.probations(request.user))
    for p in rows:
        p.days_left = (p.ends_on - today).days
        p.late = p.state == ProbationState.ON_PROBATION and today > p.consider_by
    ending = [p for p in rows if p.state == ProbationState.ON_PROBATION and p.notice_on <= today]
    waiting = [p for p in rows if p.state != ProbationState.ON_PROBATION]
    later = [p for p in rows if p.state == ProbationState.ON_PROBATION and p.notice_on > today]
    return render(request, "members/probations.html", {
        "ending": ending, "waiting": waiting, "later": later, "today": today,
    })


@login_required
@scope_required(lambda scope: scope.reads_organizations)
def removal_list(request):
    rows = list(selectors_life.removal_proposals(request.user))
    return render(request, "members/removals.html", {
        "pending": [r for r in rows if r.state == RemovalState.PROPOSED],
        "decided": [r for r in rows if r.state != RemovalState.PROPOSED],
    })


def member_history_parts(member):
    """The historical rows of the member's probation and removal proposals, for the
    member's page (Lịch sử thay đổi hồ sơ)."""
    return (
        Probation.history.filter(member_id=member.pk),
        RemovalProposal.history.filter(member_id=member.pk),
        Membership.history.filter(member_id=member.pk),
    )

