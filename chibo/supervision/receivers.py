"""Supervision listens to meetings (chibo.meetings.events); connected in
SupervisionConfig.ready()."""

from django.urls import reverse

from chibo.audit.history import restrict_audit
from chibo.core.scope import user_scope
from chibo.meetings import events
from chibo.supervision.models import Assignment, AssignmentKind
from chibo.supervision.selectors import (
    answers_to_report,
    expected_officials,
    follows_meeting,
    visible_concerns,
)
from chibo.supervision.services import answer_item_title, answers_reported


def tell_followers(sender, *, cell, day, **kwargs) -> list:
    """The higher-level officials assigned to follow the cell on that day (P2): they are
    told of the meeting's time and place too."""
    return [
        a.official
        for a in Assignment.objects.filter(
            cell=cell, kind=AssignmentKind.FOLLOW, starts_on__lte=day, ends_on__gte=day
        ).select_related("official")
    ]


def answers_on_agenda(sender, *, meeting, **kwargs) -> list[str]:
    """Answers received since the last meeting go on the agenda of a regular meeting."""
    return [answer_item_title(c) for c in answers_to_report(meeting.organization)]


def answers_told(sender, *, meeting, actor, **kwargs) -> None:
    """Adopting the minutes reports the answers on the agenda (same transaction)."""
    answers_reported(actor=actor, meeting=meeting)


def officials_as_guests(sender, *, meeting, day, **kwargs) -> list:
    """The officials following the cell on the day or sent to this meeting, as guests."""
    return [(a.official, a.committee) for a in expected_officials(meeting, day)]


def meeting_links(sender, *, user, meeting, **kwargs) -> list[events.Link]:
    links = []
    if follows_meeting(user, meeting):
        links.append(events.Link("Báo cáo dự sinh hoạt",
                                 reverse("supervision:visit", args=[meeting.pk]), "btn-danger"))
    cell = meeting.organization
    if cell.is_cell and cell.path in (user_scope(user).write_paths or ()):
        links.append(events.Link(
            "Kiến nghị từ biên bản",
            f"{reverse('supervision:concern_new')}?cell={cell.pk}&meeting={meeting.pk}",
        ))
    return links


def _concerns_on_route(field):
    def restrict(rows, user):
        return rows.filter(**{f"{field}__in": visible_concerns(user).values("pk")})

    return restrict


def connect() -> None:
    # A concern's content reaches only the committees on its route (and the cell), in the
    # audit log too.
    restrict_audit("supervision.concern", _concerns_on_route("id"))
    restrict_audit("supervision.concernaction", _concerns_on_route("concern_id"))
    events.meeting_audience.connect(tell_followers, dispatch_uid="supervision.followers")
    events.agenda_contributions.connect(answers_on_agenda, dispatch_uid="supervision.answers")
    events.meeting_adopted.connect(answers_told, dispatch_uid="supervision.answers_told")
    events.guests_expected.connect(officials_as_guests, dispatch_uid="supervision.guests")
    events.meeting_page_links.connect(meeting_links, dispatch_uid="supervision.links")
