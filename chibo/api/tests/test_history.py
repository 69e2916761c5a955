"""On the API the actor is the token's user: the token's own issue, and writes made with
it."""

from chibo.accounts.models import ApiToken
from chibo.meetings.models import Attendance, MeetingKind
from chibo.meetings.services import meeting_create
from chibo.meetings.tests.conftest import at

from .test_api import bearer, token_for


def test_token_issue_and_writes_with_it_name_the_user(client, city):
    token = token_for(client, "secretary")
    issued = ApiToken.history.get()
    assert issued.history_type == "+" and issued.history_user == city.secretary_user
    assert not hasattr(issued, "key_hash")  # never the hash in history

    meeting = meeting_create(actor=city.secretary_user, cell=city.cell_a1,
                             kind=MeetingKind.REGULAR, scheduled_at=at(2026, 3, 3))
    response = client.put(
        f"/api/v1/meetings/{meeting.pk}/attendance",
        {"entries": [{"member": city.member.pk, "presence": "present"}]},
        content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 200, response.content
    row = Attendance.history.get(meeting_id=meeting.pk, member_id=city.member.pk)
    assert row.history_user == city.secretary_user
    assert meeting.history.latest("history_id").history_user == city.secretary_user
