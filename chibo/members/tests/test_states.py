"""Periods in which a member does not count (sinh hoạt tạm thời nơi khác, đình chỉ sinh
hoạt, bị tạm giam): recorded with dates and history, never overlapping, on the member's
page for the staff and the cell's secretary."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.members import services_states
from chibo.members.models import MemberState, StateKind
from chibo.members.selectors_states import away_kinds_on, state_on

D = dt.date


def add(city, member=None, kind=StateKind.SUSPENDED, start=None, end=None, **extra):
    return services_states.state_add(
        actor=city.secretary_user, member=member or city.member, kind=kind,
        started_on=start or D(2026, 3, 1), ended_on=end, **extra,
    )


def test_a_state_covers_its_first_and_last_day(city):
    state = add(city, start=D(2026, 3, 3), end=D(2026, 4, 3))
    assert state_on(city.member, D(2026, 3, 2)) is None
    assert state_on(city.member, D(2026, 3, 3)) == state
    assert state_on(city.member, D(2026, 4, 3)) == state
    assert state_on(city.member, D(2026, 4, 4)) is None
    assert away_kinds_on([city.member.pk, city.secretary.pk], D(2026, 3, 10)) == {
        city.member.pk: "suspended"
    }


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (D(2026, 2, 1), D(2026, 2, 28), False),  # ends the day before
        (D(2026, 2, 1), D(2026, 3, 1), True),  # ends on the first day
        (D(2026, 3, 31), None, True),  # starts on the last day
        (D(2026, 4, 1), None, False),  # starts the day after
        (D(2026, 3, 10), D(2026, 3, 20), True),  # inside
        (D(2025, 1, 1), None, True),  # open, from before
    ],
)
def test_overlapping_periods_are_refused(city, start, end, refused):
    add(city, start=D(2026, 3, 1), end=D(2026, 3, 31))
    if refused:
        with pytest.raises(ValidationError, match="Trùng với thời gian đã ghi"):
            add(city, kind=StateKind.DETAINED, start=start, end=end)
    else:
        add(city, kind=StateKind.DETAINED, start=start, end=end)


def test_bad_input_is_refused_in_words(city):
    with pytest.raises(ValidationError, match="Ngày kết thúc không được trước ngày bắt đầu"):
        add(city, start=D(2026, 3, 5), end=D(2026, 3, 4))
    with pytest.raises(ValidationError, match="Cần ghi nơi đảng viên sinh hoạt tạm thời"):
        add(city, kind=StateKind.TRANSFERRED)
    with pytest.raises(ValidationError, match="Chọn trạng thái"):
        add(city, kind="holiday")
    state = add(city, kind=StateKind.TRANSFERRED, place="Chi bộ Bệnh viện tỉnh")
    with pytest.raises(ValidationError, match="không được trước ngày bắt đầu"):
        services_states.state_end(actor=city.secretary_user, state=state,
                                  ended_on=D(2026, 2, 1))


def test_ending_keeps_the_history_and_cannot_overlap_the_next(city):
    first = add(city, start=D(2026, 1, 1))
    with pytest.raises(ValidationError, match="Trùng"):
        add(city, start=D(2026, 5, 1))
    services_states.state_end(actor=city.ward_staff, state=first, ended_on=D(2026, 4, 30))
    second = add(city, start=D(2026, 5, 1))
    with pytest.raises(ValidationError, match="Trùng"):
        services_states.state_end(actor=city.ward_staff, state=first, ended_on=D(2026, 5, 1))
    history = list(first.history.order_by("history_date"))
    assert [h.ended_on for h in history] == [None, D(2026, 4, 30)]
    assert [h.history_user for h in history] == [city.secretary_user, city.ward_staff]
    assert second.history.get().history_user == city.secretary_user


def test_the_member_page_records_and_ends_a_period(client, city):
    client.force_login(city.secretary_user)
    response = client.post(
        reverse("member_states:add", args=[city.member.pk]),
        {"kind": "transferred", "started_on": "01/03/2026", "ended_on": "",
         "place": "Chi bộ Bệnh viện tỉnh", "note": "Đi học tập trung 6 tháng"},
        follow=True,
    )
    body = response.content.decode()
    assert "Đã ghi: Trần Văn Bảo – Sinh hoạt tạm thời nơi khác (01/03/2026 – nay)." in body
    assert "Chi bộ Bệnh viện tỉnh" in body
    state = MemberState.objects.get()
    bad = client.post(reverse("member_states:end", args=[city.member.pk, state.pk]),
                      {"ended_on": "28/02/2026"})
    assert "Ngày kết thúc không được trước ngày bắt đầu (01/03/2026)." in bad.content.decode()
    client.post(reverse("member_states:end", args=[city.member.pk, state.pk]),
                {"ended_on": "31/08/2026"})
    state.refresh_from_db()
    assert state.ended_on == D(2026, 8, 31)


def test_member_state_urls_are_scoped(city):
    state = add(city)
    own = city.member.pk
    assert_access(
        "member_states",
        {
            "add": Case(
                reverse("member_states:add", args=[own]),
                allowed=[city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
            "end": Case(
                reverse("member_states:end", args=[own, state.pk]),
                allowed=[city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
        },
    )


@races
def test_two_overlapping_periods_added_at_once_one_is_refused(city):
    outcomes = run_at_once(
        lambda: add(city, start=D(2026, 3, 1)),
        lambda: add(city, kind=StateKind.DETAINED, start=D(2026, 3, 15)),
    )
    errors = errors_of(outcomes)
    assert MemberState.objects.filter(member=city.member).count() == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)


def test_the_api_gives_the_periods(client, city):
    add(city, kind=StateKind.TRANSFERRED, place="Chi bộ Bệnh viện tỉnh")
    client.force_login(city.secretary_user)
    body = client.get(f"/api/v1/members/{city.member.pk}").json()
    assert body["states"] == [{"kind": "transferred", "started_on": "2026-03-01",
                               "ended_on": None, "place": "Chi bộ Bệnh viện tỉnh", "note": ""}]
