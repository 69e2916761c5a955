"""Members, tried for real: the same file imported twice at once, a member added by hand
while a file adds the same card number, two people editing one member's record."""

import datetime as dt
from io import BytesIO

from django.core.exceptions import ValidationError

from chibo.core.concurrency import StaleEdit, edit_base, parse_base
from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.members import services
from chibo.members.excel_import import import_members_xlsx
from chibo.members.models import Membership, PartyMember
from chibo.members.tests.test_excel_import import make_xlsx, member_row

pytestmark = races

ROUNDS = 3


def a_file(round_: int, size: int = 3) -> bytes:
    rows = [
        member_row(Số_thẻ_đảng_viên=f"R{round_}{n:05d}", Họ_và_tên=f"Đảng Viên {n}")
        for n in range(size)
    ]
    return make_xlsx(rows).getvalue()


def test_the_same_file_imported_twice_at_once_adds_each_member_once(city):
    broken = []
    for round_ in range(ROUNDS):
        content = a_file(round_)
        outcomes = run_at_once(
            lambda c=content: import_members_xlsx(
                BytesIO(c), root=city.cell_a1, actor=city.secretary_user
            ),
            lambda c=content: import_members_xlsx(
                BytesIO(c), root=city.ward_a, actor=city.ward_staff
            ),
        )
        count = PartyMember.objects.filter(card_number__startswith=f"R{round_}").count()
        results = [o.value for o in outcomes if o.ok]
        refused = [r for r in results if not r.ok]
        if errors_of(outcomes) or count != 3 or len(refused) != 1:
            broken.append((count, errors_of(outcomes)))
            continue
        # The refused one names each card number on its row, as a file checked alone would.
        assert [str(e) for e in refused[0].errors] == [
            f"Dòng {n + 2}, cột D (Số thẻ đảng viên): Số thẻ R{round_}{n:05d} đã có trong "
            "hệ thống."
            for n in range(3)
        ]
        memberships = Membership.objects.filter(member__card_number__startswith=f"R{round_}")
        assert memberships.count() == 3
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"


def test_a_member_added_by_hand_while_a_file_adds_the_same_card(city):
    broken = []
    for round_ in range(ROUNDS):
        content = a_file(round_, size=1)
        outcomes = run_at_once(
            lambda c=content: import_members_xlsx(
                BytesIO(c), root=city.cell_a1, actor=city.secretary_user
            ),
            lambda r=round_: services.member_create(
                actor=city.ward_staff,
                organization=city.cell_a1,
                full_name="Đảng Viên Tay",
                gender="male",
                date_of_birth=dt.date(1980, 5, 19),
                card_number=f"R{r}00000",
                admitted_on=dt.date(2005, 9, 2),
                status="full",
            ),
        )
        count = PartyMember.objects.filter(card_number=f"R{round_}00000").count()
        import_ok = outcomes[0].ok and outcomes[0].value.ok
        create_ok = outcomes[1].ok
        clear = (not outcomes[0].ok) or outcomes[0].value.ok or (
            "đã có trong hệ thống" in str(outcomes[0].value.errors[0])
        )
        create_clear = outcomes[1].ok or isinstance(outcomes[1].error, ValidationError)
        if count != 1 or import_ok == create_ok or not clear or not create_clear:
            broken.append((count, outcomes[0].value, outcomes[1].error))
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"


def test_two_people_editing_one_member_keep_both_fields_or_refuse_the_same_one(city):
    member = PartyMember.objects.get(pk=city.member.pk)
    base = parse_base(edit_base(member, services.EDITABLE_FIELDS))

    def edit(**changes):
        fresh = PartyMember.objects.get(pk=member.pk)
        data = {f: getattr(fresh, f) for f in services.EDITABLE_FIELDS}
        for f in ("residence_organization", "party_group"):
            data[f] = getattr(member, f)  # as the form loaded them
        data.update(changes)
        return services.member_update(actor=city.secretary_user, member=fresh, base=base, **data)

    outcomes = run_at_once(
        lambda: edit(phone="0911000111"), lambda: edit(notes="Hay giúp đỡ hộ nghèo")
    )
    assert not errors_of(outcomes)
    member.refresh_from_db()
    assert (member.phone, member.notes) == ("0911000111", "Hay giúp đỡ hộ nghèo")

    base = parse_base(edit_base(member, services.EDITABLE_FIELDS))
    outcomes = run_at_once(lambda: edit(notes="Ghi chú A"), lambda: edit(notes="Ghi chú B"))
    [error] = errors_of(outcomes)
    assert isinstance(error, StaleEdit)
    member.refresh_from_db()
    assert error.newer == {"notes": member.notes} and member.notes in ("Ghi chú A", "Ghi chú B")
