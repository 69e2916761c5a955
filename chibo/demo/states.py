"""A few demo members who do not count for a while: on temporary transfer (sinh hoạt tạm
thời nơi khác), suspended (đình chỉ sinh hoạt), detained (bị tạm giam). Their periods
begin after their cell's last meeting held, so the roll calls already written (and the
minutes frozen from them) stay true; the next meetings list them as such."""

import datetime as dt
import random

from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from chibo.meetings.models import Meeting, MeetingStatus
from chibo.members.models import MemberState, MemberStatus, PartyMember, StateKind

PERIODS = [
    (StateKind.TRANSFERRED, "Chi bộ Lớp Trung cấp lý luận chính trị, Trường Chính trị tỉnh",
     "Giấy giới thiệu sinh hoạt đảng tạm thời; học tập trung 6 tháng.", 183),
    (StateKind.TRANSFERRED, "Đảng bộ Bệnh viện Đa khoa tỉnh",
     "Giấy giới thiệu sinh hoạt đảng tạm thời; biệt phái công tác.", 365),
    (StateKind.SUSPENDED, "", "Quyết định đình chỉ sinh hoạt đảng của Ủy ban kiểm tra "
     "Đảng ủy trong thời gian xem xét kỷ luật.", 90),
    (StateKind.DETAINED, "", "Thông báo của cơ quan điều tra; chờ kết luận.", None),
    (StateKind.TRANSFERRED, "Chi bộ Quân sự phường", "Tham gia huấn luyện dự bị động viên.",
     60),
    (StateKind.SUSPENDED, "", "Quyết định đình chỉ sinh hoạt đảng trong thời gian kiểm tra "
     "dấu hiệu vi phạm.", 60),
]


def load_states(*, seed: int, today: dt.date) -> int:
    """Six members, one period each, drawn from the full members without a position in
    active cells. Returns how many were written."""
    rng = random.Random(f"{seed}:states")
    candidates = list(
        PartyMember.objects.filter(
            status=MemberStatus.FULL, position="", organization__dissolved_on__isnull=True,
        ).order_by("id").values_list("id", "organization_id")
    )
    picks = rng.sample(candidates, min(len(PERIODS), len(candidates)))
    last_held = dict(
        Meeting.objects.filter(
            organization_id__in={cell for _, cell in picks},
            status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
        ).order_by().values_list("organization_id").annotate(last=Max("scheduled_at"))
    )
    rows = []
    for (member_id, cell), (kind, place, note, days) in zip(picks, PERIODS, strict=False):
        start = today - dt.timedelta(days=rng.randint(5, 40))
        if cell in last_held:
            start = max(start, timezone.localtime(last_held[cell]).date() + dt.timedelta(days=1))
        end = start + dt.timedelta(days=days) if days else None
        rows.append(MemberState(member_id=member_id, kind=kind, started_on=start, ended_on=end,
                                place=place, note=note))
    bulk_create_with_history(rows, MemberState)
    return len(rows)


def wipe_states() -> None:
    """The periods go with their members (cascade); their history goes here."""
    MemberState.objects.all().delete()
    MemberState.history.model.objects.all().delete()
