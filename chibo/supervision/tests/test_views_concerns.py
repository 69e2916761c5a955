"""The concern pages: the list (filters, overdue rows, fixed queries), one concern (route,
history, the actions of the committee holding it), and a concern sent by a secretary or
a member. A concern is seen only along its route and by the raising cell; a hidden
member's name never reaches the cell or anyone below the committees on the route."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.supervision import services
from chibo.supervision.models import ActionKind, Concern, ConcernSource, ConcernStatus

pytestmark = pytest.mark.clock  # dates counted from today: run at fixed dates too

NAME = "Trần Văn Bảo"  # city.member
TEXT = "Đường ngõ 5 ngập khi mưa lớn"


def on(days: int, hour: int = 8) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def official(city):
    user = UserFactory(username="duv", first_name="Lê Văn", last_name="Giám")
    grant(user, city.ward_a)
    return user


def raise_concern(city, actor, *, cell=None, text=TEXT, hidden=True, days_ago=0, **extra):
    return services.concern_raise(
        actor=actor,
        cell=cell or city.cell_a1,
        category=extra.pop("category", "infrastructure"),
        text=text,
        source=extra.pop("source", ConcernSource.OFFICIAL),
        member=extra.pop("member", city.member if hidden else None),
        member_hidden=hidden,
        raised_on=timezone.localdate() - dt.timedelta(days=days_ago),
        **extra,
    )


@pytest.fixture
def concern(city, official):
    return raise_concern(city, official)


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(f"supervision:{name}", args=args), params)


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def act(client, user, concern, action, **fields):
    """POST one of the action forms of the concern page (fields prefixed by the action)."""
    client.force_login(user)
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(reverse("supervision:concern", args=[concern.pk]), data, follow=True)


# --- who sees what -------------------------------------------------------------------


def test_hidden_name_reaches_the_route_only(client, city, official, concern):
    # The raising cell reads the concern, never the hidden name.
    for view, args in (("concerns", ()), ("concern", (concern.pk,))):
        html = body(page(client, city.secretary_user, view, *args))
        assert TEXT in html and NAME not in html and "(ẩn tên)" in html
    # The ward holds it: it sees the name; so does the official who raised it.
    for user in (city.ward_staff, official):
        for view, args in (("concerns", ()), ("concern", (concern.pk,))):
            html = body(page(client, user, view, *args))
            assert TEXT in html and NAME in html
    # The city has not been reached: nothing, not even in its list; another cell neither.
    for user in (city.city_staff, city.outsider, city.member_user):
        assert page(client, user, "concern", concern.pk).status_code == 404
        assert TEXT not in body(page(client, user, "concerns"))
    # Once escalated the city reads it, name included; the cell still does not.
    services.concern_escalate(actor=city.ward_staff, concern=concern, note="Vượt thẩm quyền")
    html = body(page(client, city.city_staff, "concern", concern.pk))
    assert NAME in html
    assert NAME in body(page(client, city.city_staff, "concerns"))
    assert NAME not in body(page(client, city.secretary_user, "concern", concern.pk))
    assert page(client, city.outsider, "concern", concern.pk).status_code == 404


def test_a_name_not_hidden_is_shown_to_the_cell(client, city, official):
    raise_concern(city, official, hidden=False, member=city.member)
    assert NAME in body(page(client, city.secretary_user, "concerns"))


# --- acting on a concern -------------------------------------------------------------


def test_ward_escalates_with_a_reason_city_answers_answer_on_next_agenda(
    client, city, official, concern
):
    detail = reverse("supervision:concern", args=[concern.pk])
    html = body(page(client, city.ward_staff, "concern", concern.pk))
    assert "Chuyển cấp trên" in html and "Trả lời" in html and "Giao xử lý" in html

    response = act(client, city.ward_staff, concern, "escalate", note="  ")
    assert "Cần ghi lý do chuyển cấp trên." in body(response)
    response = act(client, city.ward_staff, concern, "escalate", note="Vượt thẩm quyền")
    assert response.redirect_chain[-1][0] == detail
    assert "Đã chuyển kiến nghị lên Đảng bộ thành phố Thử Nghiệm." in body(response)
    concern.refresh_from_db()
    assert concern.responsible == city.root and concern.status == ConcernStatus.OPEN
    # The ward keeps reading it, but may no longer act; the city may (and cannot go higher).
    html = body(page(client, city.ward_staff, "concern", concern.pk))
    assert "Xử lý" not in html and "Vượt thẩm quyền" in html
    assert act(client, city.ward_staff, concern, "answer", answer="x").status_code == 403
    html = body(page(client, city.city_staff, "concern", concern.pk))
    assert "Gửi trả lời" in html and 'value="escalate"' not in html

    next_meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR, scheduled_at=on(5)
    )
    response = act(client, city.city_staff, concern, "answer", answer="")
    assert "Cần ghi nội dung trả lời." in body(response)
    answer = "Thành phố đưa tuyến cống ngõ 5 vào kế hoạch cải tạo quý tới."
    response = act(client, city.city_staff, concern, "answer", answer=answer)
    assert "Đã trả lời kiến nghị" in body(response)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ANSWERED and concern.answer == answer
    kinds = list(concern.actions.values_list("kind", flat=True))
    assert kinds == [ActionKind.RECEIVE, ActionKind.ESCALATE, ActionKind.ANSWER]
    # The full history, the route, and the answer on the cell's next agenda.
    html = body(page(client, city.secretary_user, "concern", concern.pk))
    for text in ("Tiếp nhận", "Chuyển cấp trên", "Vượt thẩm quyền", "Trả lời", answer):
        assert text in html
    client.force_login(city.secretary_user)
    agenda = body(client.get(reverse("meetings:detail", args=[next_meeting.pk])))
    assert answer in agenda


def test_only_the_committee_holding_it_acts(client, city, official, concern):
    assert act(client, city.secretary_user, concern, "close", note="x").status_code == 403
    assert act(client, city.city_staff, concern, "close", note="x").status_code == 404
    assert act(client, city.outsider, concern, "close", note="x").status_code == 404
    assert act(client, city.ward_staff, concern, "nothing").status_code == 403
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


def test_assign_to_one_of_the_committee_people(client, city, official, concern):
    response = act(client, city.ward_staff, concern, "assign", assignee=city.city_staff.pk)
    assert "Lựa chọn không hợp lệ." in body(response)
    response = act(client, city.ward_staff, concern, "assign", assignee=official.pk)
    assert "Đã giao đồng chí Lê Văn Giám xử lý kiến nghị." in body(response)
    concern.refresh_from_db()
    assert concern.assignee == official and concern.status == ConcernStatus.ASSIGNED
    html = body(page(client, official, "mine"))
    assert "Kiến nghị được giao xử lý" in html and TEXT in html
    # The service refuses anyone without a staff scope on the committee (API, shell).
    with pytest.raises(ValidationError, match="cán bộ của Đảng bộ phường A"):
        services.concern_assign(actor=city.ward_staff, concern=concern, assignee=city.city_staff)


def test_close_with_a_response_goes_back_to_the_cell_like_an_answer(
    client, city, official, concern
):
    next_meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR, scheduled_at=on(3)
    )
    response = act(client, city.ward_staff, concern, "close", note="")
    assert "Cần ghi kết quả hoặc lý do đóng." in body(response)
    note = "Phường đã nạo vét cống ngõ 5 ngày 20."
    assert "Đã đóng kiến nghị." in body(act(client, city.ward_staff, concern, "close", note=note))
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED and concern.answer == note
    assert any(note in item.title for item in next_meeting.agenda.all())
    assert "Xử lý" not in body(page(client, city.ward_staff, "concern", concern.pk))


# --- the list ------------------------------------------------------------------------


def test_list_filters_and_highlights_overdue(client, city, official):
    late = raise_concern(city, official, text="Cấp nước sinh hoạt chập chờn", days_ago=40)
    raise_concern(city, official, text="Đề nghị sửa nhà văn hóa", category="living", hidden=False)
    a2 = raise_concern(
        city, official, cell=city.cell_a2, text="Lấn chiếm vỉa hè", category="land", hidden=False
    )

    def texts(**params):
        response = page(client, city.ward_staff, "concerns", **params)
        return [c.text for c in response.context["rows"]]

    assert len(texts()) == 3
    assert texts(overdue="1") == [late.text]
    assert late.text not in texts(overdue="0")
    assert texts(category="land") == [a2.text]
    assert texts(organization=city.cell_a2.pk) == [a2.text]
    assert texts(organization=city.cell_b1.pk) == []  # out of scope: nothing
    assert texts(status="answered") == []
    html = body(page(client, city.ward_staff, "concerns", overdue="1"))
    assert 'class="overdue"' in html and "Quá hạn" in html


def test_list_query_count_does_not_grow(client, city, official, django_assert_num_queries):
    for i in range(2):
        raise_concern(city, official, text=f"Kiến nghị {i}", hidden=i % 2 == 0)
    client.force_login(city.ward_staff)
    url = reverse("supervision:concerns")
    client.get(url)
    # session, user, scopes, own member, organizations for the filter, count, the page
    # (with cell, committee, member), routes of the page's concerns with a hidden name,
    # names of the cells' parents
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["rows"]) == 2
    for i in range(2, 12):
        cell = city.cell_a2 if i % 3 else city.cell_a1
        raise_concern(
            city,
            official,
            cell=cell,
            text=f"Kiến nghị {i}",
            hidden=i % 2 == 0,
            member=city.a2_member if cell == city.cell_a2 else city.member,
        )
    with django_assert_num_queries(9):
        response = client.get(url, {"overdue": "0", "category": "infrastructure"})
    assert len(response.context["rows"]) == 12


# --- sent by the secretary or a member -----------------------------------------------


def test_secretary_sends_a_concern_from_the_minutes(client, city):
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR, scheduled_at=on(-2)
    )
    client.force_login(city.secretary_user)
    url = reverse("supervision:concern_new")
    html = body(client.get(url, {"cell": city.cell_a1.pk, "meeting": meeting.pk}))
    assert "Kiến nghị từ biên bản" in html and f'value="{meeting.pk}" selected' in html
    response = client.post(url, {"cell": city.cell_a1.pk, "category": "policy", "kind": "proposal"})
    assert "Cần ghi nội dung kiến nghị." in body(response)
    response = client.post(
        url,
        {
            "cell": city.cell_a1.pk,
            "category": "policy",
            "kind": "aspiration",
            "text": "Đảng viên cao tuổi mong được khám sức khỏe định kỳ",
            "member": city.member.pk,
            "meeting": meeting.pk,
        },
        follow=True,
    )
    assert "Đã gửi kiến nghị tới Đảng bộ phường A." in body(response)
    concern = Concern.objects.get()
    assert (concern.source, concern.meeting, concern.member) == (
        ConcernSource.SECRETARY,
        meeting,
        city.member,
    )
    assert concern.responsible == city.ward_a and concern.raised_by == city.secretary_user


def test_member_sends_a_concern_with_their_name_hidden_from_the_cell(client, city):
    client.force_login(city.member_user)
    url = reverse("supervision:concern_new")
    html = body(client.get(url))
    assert "Ghi tên tôi là người nêu" in html and 'name="member"' not in html
    response = client.post(
        url, {"category": "living", "kind": "aspiration", "text": "x", "member_hidden": "on"}
    )
    assert "Chọn ghi tên đồng chí thì mới ẩn tên được." in body(response)
    response = client.post(
        url,
        {
            "category": "living",
            "kind": "aspiration",
            "text": "Gia đình tôi gặp khó khăn sau trận lũ",
            "name_me": "on",
            "member_hidden": "on",
        },
        follow=True,
    )
    assert NAME in body(response)  # the member sees their own name
    concern = Concern.objects.get()
    assert concern.source == ConcernSource.MEMBER and concern.member == city.member
    assert concern.member_hidden
    html = body(page(client, city.secretary_user, "concern", concern.pk))
    assert "Gia đình tôi gặp khó khăn" in html and NAME not in html
    assert NAME in body(page(client, city.ward_staff, "concern", concern.pk))


def test_committee_staff_do_not_send_concerns_for_cells(client, city):
    assert page(client, city.ward_staff, "concern_new").status_code == 404
    client.force_login(city.secretary_user)
    # Another cell's id is ignored: the secretary writes for their own cell only.
    client.post(
        reverse("supervision:concern_new"),
        {"cell": city.cell_b1.pk, "category": "land", "kind": "proposal", "text": "Ý kiến"},
    )
    assert Concern.objects.get().cell == city.cell_a1
