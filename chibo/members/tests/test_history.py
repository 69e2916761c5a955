"""Memberships are written with their actor: when a member is received, transferred or
imported (a system import by nobody)."""

import datetime as dt

from chibo.members import services
from chibo.members.excel_import import import_members_xlsx
from chibo.members.models import Membership, PartyMember

from .test_excel_import import make_xlsx, member_row


def _users(member_id):
    rows = Membership.history.filter(member_id=member_id).order_by("history_id")
    return [(r.history_type, r.history_user.username if r.history_user else None) for r in rows]


def test_memberships_name_who_recorded_them(city):
    member = services.member_create(
        actor=city.ward_staff, organization=city.cell_a1, full_name="Lò Văn Sáng",
        gender="male", date_of_birth=dt.date(1980, 1, 2), card_number="H0000001",
        admitted_on=dt.date(2010, 5, 19), full_member_on=dt.date(2011, 5, 19),
    )
    services.member_transfer(actor=city.city_staff, member=member, to=city.cell_b1,
                             on=dt.date(2026, 2, 1), reason="Chuyển nơi ở")
    # received by the ward; closed and opened again by the city
    assert _users(member.pk) == [("+", "ward"), ("~", "city"), ("+", "city")]


def test_imported_memberships_have_history_too(city):
    result = import_members_xlsx(make_xlsx([member_row()]), root=city.ward_a,
                                 actor=city.ward_staff)
    assert result.ok
    member = PartyMember.objects.get(card_number="X0000001")
    assert _users(member.pk) == [("+", "ward")]
    result = import_members_xlsx(
        make_xlsx([member_row(Số_thẻ_đảng_viên="X0000009", Họ_và_tên="Đinh Văn Hệ")]),
        root=city.ward_a, actor=None,
    )
    assert result.ok
    assert _users(PartyMember.objects.get(card_number="X0000009").pk) == [("+", None)]
