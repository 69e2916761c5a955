"""Registers' items, progress, year-end results, exemptions and study topics are written
with their actor."""

import datetime as dt

from django.utils import timezone

from chibo.commitments import services
from chibo.commitments.models import (
    CommitmentItem,
    CommitmentProgress,
    ResidenceExemption,
    StudyTopic,
    TopicKind,
)
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind


def _users(model, **filters):
    rows = model.history.filter(**filters).order_by("history_id")
    return [(r.history_type, r.history_user.username if r.history_user else None) for r in rows]


def test_commitment_writes_name_their_actor(city):
    draft = services.commitment_save(
        actor=city.member_user, year=2026, member=city.member,
        items=[{"text": "Đọc sách về Bác", "measure": "4 cuốn"}],
    )
    first = draft.items.get()
    submitted = services.commitment_save(
        actor=city.member_user, year=2026, member=city.member, submit=True,
        items=[{"text": "Đọc sách về Bác", "measure": "6 cuốn"}],
    )
    assert _users(CommitmentItem, id=first.pk) == [("+", "member"), ("-", "member")]
    commitment = services.commitment_decide(actor=city.secretary_user, commitment=submitted,
                                            approve=True)
    item = commitment.items.get()
    assert _users(CommitmentItem, id=item.pk) == [("+", "member")]

    meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 6, 3, 8)),
    )
    progress = services.progress_note(actor=city.secretary_user, item=item, meeting=meeting,
                                      note="Đã đọc 3 cuốn")
    assert _users(CommitmentProgress, id=progress.pk) == [("+", "secretary")]
    services.items_result(actor=city.ward_staff, commitment=commitment, results={item.pk: "met"})
    assert _users(CommitmentItem, id=item.pk)[-1] == ("~", "ward")

    services.residence_exempt(actor=city.secretary_user, member=city.member, year=2026,
                              reason="Điều trị dài ngày")
    services.residence_exempt(actor=city.ward_staff, member=city.member, year=2026,
                              reason="Công tác nước ngoài")
    row = ResidenceExemption.objects.get(member=city.member, year=2026)
    assert _users(ResidenceExemption, id=row.pk) == [("+", "secretary"), ("~", "ward")]

    topic = services.study_topic_add(actor=city.city_staff, year=2026,
                                     kind=TopicKind.HO_CHI_MINH, title="Chuyên đề năm 2026",
                                     issuer=city.root)
    assert _users(StudyTopic, id=topic.pk) == [("+", "city")]
