"""The record page's pickers and guests: present members first and searchable; a picked
member and a typed guest name together refused; the official assigned to the cell
offered as a guest (one tap)."""

import datetime as dt

import pytest
from django.urls import reverse

from chibo.core.services import ServiceError
from chibo.core.testing.factories import UserFactory
from chibo.meetings import forms, services
from chibo.meetings.guests import offered_officials
from chibo.meetings.models import Guest, Speech
from chibo.supervision.models import AssignmentKind
from chibo.supervision.services import assignments_create

pytestmark = pytest.mark.django_db


def _roll(cell, meeting, absent=("Kim Thị Lụa",)):
    entries = [
        {"member": m.pk, "presence": "excused" if m.full_name in absent else "present",
         "reason": "Đi công tác" if m.full_name in absent else ""}
        for m in cell.cell_a1.members.all()
    ]
    services.attendance_record(actor=cell.secretary_user, meeting=meeting, entries=entries)


def test_pickers_list_present_members_first_and_can_be_searched(cell, meeting, client):
    _roll(cell, meeting)
    client.force_login(cell.secretary_user)
    page = client.get(reverse("meetings:record", args=[meeting.pk]))
    form = page.context["opening_form"]
    choices = form.fields["chair"].choices
    assert choices[0][0] == "" and choices[1][0] == "Có mặt"
    here = [name for _, name in choices[1][1]]
    assert "Kim Thị Lụa" not in here and choices[2][0] == "Đảng viên khác"
    assert [name for _, name in choices[2][1]] == ["Kim Thị Lụa"]
    # Vietnamese order inside the group (the list's sort key: given name first)
    assert here.index("Đặng Văn Hải") < here.index("Vi Thị Quế")
    body = page.content.decode()
    assert body.count("data-search=") >= 4  # chair, minute-taker, speaker, assignee
    assert "js/picker.js" in body
    # without a roll call, one plain list
    assert forms.member_choices([cell.member])[1] == (cell.member.pk, cell.member.full_name)


def test_a_member_and_a_typed_guest_name_together_are_refused(cell, meeting, client):
    with pytest.raises(ServiceError) as error:
        services.speech_add(
            actor=cell.secretary_user, meeting=meeting, member=cell.member,
            speaker_name="Hà Thị Tuyết", text="Ý kiến",
        )
    assert "speaker_name" in error.value.message_dict
    assert "Trần Văn Bảo" in str(error.value) and "Hà Thị Tuyết" in str(error.value)
    # the member's own name typed again is not a second person
    services.speech_add(actor=cell.secretary_user, meeting=meeting, member=cell.member,
                        speaker_name="Trần Văn Bảo", text="Ý kiến")
    client.force_login(cell.secretary_user)
    page = client.post(reverse("meetings:speech_add", args=[meeting.pk]), {
        "section": "discussion", "member": cell.member.pk, "speaker_name": "Hà Thị Tuyết",
        "text": "Đề nghị làm tốt công tác bầu cử.",
    })
    assert page.status_code == 200
    assert page.context["speech_form"].errors["speaker_name"]
    assert Speech.objects.filter(meeting=meeting).count() == 1


def test_the_assigned_official_is_offered_as_a_guest(cell, meeting, client):
    official = UserFactory(username="uv_phuong", first_name="Hà Thị", last_name="Tuyết")
    assignments_create(
        actor=cell.ward_staff, committee=cell.ward_a, official=official, cells=[cell.cell_a1],
        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30),
        kind=AssignmentKind.FOLLOW,
    )
    offers = offered_officials(meeting)
    assert [(o.user_id, o.office) for o in offers] == [
        (official.pk, "Ủy viên Đảng ủy phường A")
    ]
    client.force_login(cell.secretary_user)
    page = client.get(reverse("meetings:record", args=[meeting.pk]))
    assert "Thêm làm khách mời" in page.content.decode()
    client.post(reverse("meetings:guest_add", args=[meeting.pk]), {"official": official.pk})
    guest = Guest.objects.get(meeting=meeting)
    assert (guest.name, guest.office, guest.is_higher_official, guest.user) == (
        offers[0].name, "Ủy viên Đảng ủy phường A", True, official
    )
    # added once: no longer offered, and a second tap adds nothing
    assert offered_officials(meeting) == []
    client.post(reverse("meetings:guest_add", args=[meeting.pk]), {"official": official.pk})
    assert Guest.objects.filter(meeting=meeting).count() == 1


def test_an_official_not_assigned_that_month_is_not_offered(cell, meeting):
    official = UserFactory(username="uv_khac")
    assignments_create(
        actor=cell.ward_staff, committee=cell.ward_a, official=official, cells=[cell.cell_a1],
        starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 6, 30),
    )
    assert offered_officials(meeting) == []
