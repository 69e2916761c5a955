"""What changed, as the history pages and the audit log show it; the audit log's scope."""

import datetime as dt

from django.utils import timezone

from chibo.audit.history import audit_rows, entries, object_history, show
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Guest, Meeting, MeetingKind
from chibo.members import services as member_services
from chibo.members.models import PartyMember


def _changes(entry) -> dict:
    return {c.label: (c.old, c.new) for c in entry.changes}


def test_an_edit_shows_each_changed_field_in_vietnamese(city):
    member = city.member
    member_services.member_update(
        actor=city.ward_staff, member=member, full_name="Trần Văn Bảo Long",
        date_of_birth=dt.date(1980, 1, 2), status="probationary", full_member_on=None,
        residence_organization=city.cell_b1, notes="Ghi chú " + "rất dài " * 40,
    )
    latest, created = entries(member.history.order_by("-history_id")[:2])
    assert (latest.action, latest.actor, latest.kind) == ("Sửa", str(city.ward_staff), "Đảng viên")
    changes = _changes(latest)
    assert changes["họ và tên"] == ("Trần Văn Bảo", "Trần Văn Bảo Long")
    assert changes["ngày sinh"] == ("19/05/1975", "02/01/1980")
    assert changes["trạng thái"] == ("Chính thức", "Dự bị")  # choices by their labels
    assert changes["ngày chính thức"] == ("02/09/2001", "")
    assert changes["chi bộ nơi cư trú"] == ("", "Chi bộ khu phố B1")  # records by name
    old, new = changes["ghi chú"]
    assert old == "" and new.endswith("…") and len(new) <= 160
    assert "giới tính" not in changes and "sort_key" not in changes  # unchanged, derived
    assert created.action == "Tạo mới" and created.actor == "Hệ thống"
    assert _changes(created)["họ và tên"] == ("", "Trần Văn Bảo")


def test_datetimes_in_local_time_deletions_and_parts(city):
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 3, 8)),
    )
    meeting_services.meeting_reschedule(
        actor=city.secretary_user, meeting=meeting, reason="Trùng lịch họp tổ dân phố",
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 5, 19, 30)),
    )
    guest = meeting_services.guest_add(actor=city.ward_staff, meeting=meeting,
                                       name="Lê Khách", is_higher_official=True)
    meeting_services.guest_remove(actor=city.secretary_user, meeting=meeting, guest_id=guest.pk)
    moved = entries(meeting.history.filter(history_type="~").order_by("history_id")[:1])[0]
    assert _changes(moved)["thời gian dự kiến"] == ("08:00 03/03/2026", "19:30 05/03/2026")
    shown = object_history(Guest.history.filter(id=guest.pk))
    assert [e.action for e in shown] == ["Xóa", "Tạo mới"]
    assert shown[0].subject == "Lê Khách" and shown[0].actor == str(city.secretary_user)
    assert _changes(shown[1])["cấp ủy cấp trên"] == ("", "có")
    assert _changes(shown[1])["buổi sinh hoạt"][1].startswith("Sinh hoạt thường kỳ 03/2026")


def test_show_formats():
    field = Meeting._meta.get_field("quality_total")
    assert show(field, 87.5, {}) == "87,5"
    assert show(Meeting._meta.get_field("dues_collected"), False, {}) == "không"
    assert show(Meeting._meta.get_field("kind"), "thematic", {}) == "Sinh hoạt chuyên đề"
    assert show(Meeting._meta.get_field("organization"), 999, {}) == "#999 (đã xóa)"


def edit_members(city, rounds: int) -> None:
    """Each round: an edit in ward A, one in ward B, a guest at a meeting of ward A."""
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 3, 8)),
    )
    for n in range(rounds):
        member_services.member_update(actor=city.ward_staff, member=city.member,
                                      phone=f"0900 000 {n:03d}")
        member_services.member_update(actor=city.city_staff, member=city.other_member,
                                      phone=f"0911 000 {n:03d}")
        meeting_services.guest_add(actor=city.secretary_user, meeting=meeting, name=f"Khách {n}")


def test_audit_scope_ward_staff_sees_their_ward_only(city):
    edit_members(city, 2)
    ward_members = {r for r in audit_rows(city.ward_staff, kind="members.partymember")}
    ids = {PartyMember.history.get(history_id=hid).id for _, hid, _ in ward_members}
    assert city.member.pk in ids and city.other_member.pk not in ids
    ids = {PartyMember.history.get(history_id=hid).id
           for _, hid, _ in audit_rows(city.city_staff, kind="members.partymember")}
    assert {city.member.pk, city.other_member.pk} <= ids
    # Accounts belong to no organization: the admin's only.
    assert not audit_rows(city.city_staff, kind="accounts.user").exists()
    assert audit_rows(city.admin, kind="accounts.user").exists()
