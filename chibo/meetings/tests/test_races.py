"""Meeting day, tried for real: two people on one meeting at the same moment, each on
their own database connection (threads released together), on SQLite and PostgreSQL.

Before these services took the meeting's row lock and saved only their own fields, on
PostgreSQL an adopt racing a draft save sent the meeting back to "held" with its minutes
locked (and the hash no longer matching), a double adopt answered 500, and two sections
saved at once lost one of them.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.core.concurrency import StaleEdit, edit_base, parse_base
from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus, MinutesVersion, Speech
from chibo.meetings.snapshot import minutes_snapshot

from .conftest import at, record_full_meeting

pytestmark = races

ROUNDS = 4


def fresh(meeting) -> Meeting:
    """The meeting as another person's request would load it: its own copy."""
    return Meeting.objects.get(pk=meeting.pk)


def regular_meeting(cell, month: int) -> Meeting:
    return services.meeting_create(
        actor=cell.secretary_user,
        cell=cell.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, month, 3, 8),
    )


def ready_meeting(cell, month: int) -> Meeting:
    meeting = regular_meeting(cell, month)
    record_full_meeting(cell, meeting)
    return fresh(meeting)


def assert_minutes_intact(meeting):
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADOPTED
    versions = list(meeting.versions.all())
    assert len(versions) == 1
    assert versions[0].content_hash == services.content_hash(versions[0].snapshot)
    return versions[0]


def test_adopt_racing_a_draft_save_keeps_the_minutes_locked_and_whole(cell):
    for month in range(1, ROUNDS + 1):
        meeting = ready_meeting(cell, month)
        adopter, writer = fresh(meeting), fresh(meeting)  # both loaded before either acts
        text = f"Kết luận viết muộn {month}"
        outcomes = run_at_once(
            lambda m=adopter: services.meeting_adopt(actor=cell.secretary_user, meeting=m),
            lambda m=writer, t=text: services.content_update(
                actor=cell.secretary_user, meeting=m, conclusion=t
            ),
        )
        assert outcomes[0].ok, outcomes[0].error
        version = assert_minutes_intact(meeting)
        if outcomes[1].ok:  # the save came first: the adopted minutes carry it
            assert version.snapshot["content"]["conclusion"] == text
        else:  # it came second: refused with the locked message, nothing changed
            assert isinstance(outcomes[1].error, services.MeetingLocked)
            assert meeting.conclusion != text
        assert minutes_snapshot(meeting)["content"] == version.snapshot["content"]


def test_every_part_written_while_adopting_is_refused_or_in_the_minutes(cell):
    meeting = ready_meeting(cell, 5)
    copies = [fresh(meeting) for _ in range(4)]
    outcomes = run_at_once(
        lambda: services.meeting_adopt(actor=cell.secretary_user, meeting=copies[0]),
        lambda: services.speech_add(
            actor=cell.secretary_user, meeting=copies[1], member=cell.member, text="Ý kiến muộn"
        ),
        lambda: services.guest_add(actor=cell.secretary_user, meeting=copies[2], name="Khách"),
        lambda: services.score_record(
            actor=cell.secretary_user, meeting=copies[3], items={"preparation": 1}
        ),
    )
    assert outcomes[0].ok, outcomes[0].error
    for outcome in outcomes[1:]:
        assert outcome.ok or isinstance(outcome.error, services.MeetingLocked), outcome.error
    version = assert_minutes_intact(meeting)
    assert minutes_snapshot(meeting)["speeches"] == version.snapshot["speeches"]
    assert minutes_snapshot(meeting)["guests"] == version.snapshot["guests"]


def test_the_same_adopt_twice_at_once_adopts_once(cell):
    for month in range(6, 6 + ROUNDS):
        meeting = ready_meeting(cell, month)
        first, second = fresh(meeting), fresh(meeting)
        outcomes = run_at_once(
            lambda m=first: services.meeting_adopt(actor=cell.secretary_user, meeting=m),
            lambda m=second: services.meeting_adopt(actor=cell.secretary_user, meeting=m),
        )
        version = assert_minutes_intact(meeting)
        assert sum(o.ok for o in outcomes) == 1
        (error,) = errors_of(outcomes)
        assert isinstance(error, services.AlreadyAdopted)
        assert error.version.pk == version.pk
        assert "bản số 1" in error.messages[0]
        assert version.content_hash[:12] in error.messages[0]


def test_a_double_tap_on_adopt_in_the_browser_lands_on_the_minutes_twice(cell, client):
    """Two POSTs of the adopt form at once (a double tap, two phones): both answer with the
    minutes' page, never a server error; one version exists."""
    from django.test import Client

    meeting = ready_meeting(cell, 11)
    url = reverse("meetings:adopt", args=[meeting.pk])

    def tap():
        browser = Client()
        browser.force_login(cell.secretary_user)
        return browser.post(url, {"confirm": "on"})

    outcomes = run_at_once(tap, tap)
    for outcome in outcomes:
        assert outcome.ok, outcome.error
        assert outcome.value.status_code == 302
        assert outcome.value["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert_minutes_intact(meeting)


def test_two_people_saving_different_sections_at_once_both_keep_their_text(cell):
    for month in range(1, ROUNDS + 1):
        meeting = regular_meeting(cell, month)
        loaded = fresh(meeting)
        news_base = parse_base(edit_base(loaded, ["news", "new_policies"]))
        end_base = parse_base(edit_base(loaded, ["conclusion"]))
        first, second = fresh(meeting), fresh(meeting)
        outcomes = run_at_once(
            lambda m=first, b=news_base: services.content_update(
                actor=cell.secretary_user, meeting=m, base=b,
                news="Tin thời sự", new_policies="",
            ),
            lambda m=second, b=end_base: services.content_update(
                actor=cell.member_user, meeting=m, base=b, conclusion="Kết luận"
            ),
        )  # fmt: skip
        assert not errors_of(outcomes)
        meeting.refresh_from_db()
        assert (meeting.news, meeting.conclusion) == ("Tin thời sự", "Kết luận")


def test_two_people_on_the_same_section_at_once_one_is_told_nothing_is_lost(cell):
    meeting = regular_meeting(cell, 2)
    base = parse_base(edit_base(fresh(meeting), ["conclusion"]))
    texts = ["Bản của bí thư", "Bản của thư ký"]
    outcomes = run_at_once(
        *[
            lambda t=t: services.content_update(
                actor=cell.secretary_user, meeting=fresh(meeting), base=base, conclusion=t
            )
            for t in texts
        ]
    )
    (error,) = errors_of(outcomes)
    assert isinstance(error, StaleEdit)
    meeting.refresh_from_db()
    assert meeting.conclusion in texts
    assert error.newer == {"conclusion": meeting.conclusion}


def test_many_writes_at_once_all_land(cell):
    """Thirty speeches typed on several phones at once: every one is saved, in order."""
    meeting = regular_meeting(cell, 4)
    outcomes = run_at_once(
        *[
            lambda i=i: services.speech_add(
                actor=cell.secretary_user,
                meeting=fresh(meeting),
                member=cell.member,
                text=f"Ý kiến số {i}",
            )
            for i in range(30)
        ]
    )
    assert not errors_of(outcomes), errors_of(outcomes)[:3]
    orders = sorted(Speech.objects.filter(meeting=meeting).values_list("order", flat=True))
    assert orders == list(range(1, 31))


def test_roll_call_from_two_phones_at_once_keeps_both_halves(cell):
    meeting = regular_meeting(cell, 3)
    members = list(cell.cell_a1.members.order_by("pk"))
    halves = [members[::2], members[1::2]]
    outcomes = run_at_once(
        *[
            lambda half=half: services.attendance_record(
                actor=cell.secretary_user,
                meeting=fresh(meeting),
                entries=[{"member": m.pk, "presence": "present"} for m in half],
            )
            for half in halves
        ]
    )
    assert not errors_of(outcomes)
    meeting.refresh_from_db()
    assert meeting.attendance.count() == len(members)
    assert meeting.roll_present == meeting.roll_expected  # the counts saw both halves


def test_two_people_planning_the_same_month_plan_it_once(cell):
    outcomes = run_at_once(
        *[
            lambda: services.plan_month(
                actor=cell.secretary_user, cells=[cell.cell_a1], year=2026, month=9
            )
            for _ in range(2)
        ]
    )
    assert not errors_of(outcomes)
    assert Meeting.objects.filter(
        organization=cell.cell_a1, kind=MeetingKind.REGULAR, period=dt.date(2026, 9, 1)
    ).count() == 1


def test_two_corrections_at_once_make_versions_two_and_three(cell):
    meeting = ready_meeting(cell, 8)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    outcomes = run_at_once(
        *[
            lambda t=t: services.minutes_amend(
                actor=cell.secretary_user,
                meeting=fresh(meeting),
                reason="Sửa lỗi chính tả",
                content={"news": t},
            )
            for t in ("Bản sửa A", "Bản sửa B")
        ]
    )
    assert not errors_of(outcomes)
    versions = MinutesVersion.objects.filter(meeting=meeting)
    assert sorted(versions.values_list("number", flat=True)) == [1, 2, 3]


def test_a_save_begun_before_adoption_is_refused_after_it(cell):
    """Not a race of timing but of state: a page loaded before the adoption, saved after."""
    meeting = ready_meeting(cell, 10)
    loaded_before = fresh(meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=fresh(meeting))
    with pytest.raises(services.MeetingLocked):
        services.content_update(
            actor=cell.secretary_user, meeting=loaded_before, conclusion="Sửa sau khi khóa"
        )
    loaded_before.refresh_from_db()
    assert loaded_before.status == MeetingStatus.ADOPTED
    assert_minutes_intact(loaded_before)
    assert timezone.localtime(loaded_before.adopted_at).year >= 2026
