import datetime as dt

from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.members import services
from chibo.members.models import RemovalProposal


def test_every_member_url_is_scoped(city):
    own = city.member.pk
    # A probationary member with a probation (admitted on a fixed day: the dates come from
    # the policies in force then) and a removal proposal waiting for the committee.
    xuan = services.member_create(
        actor=city.secretary_user, organization=city.cell_a1, full_name="Hà Thị Xuân",
        gender="female", date_of_birth=dt.date(1999, 4, 2), card_number="DB0001",
        admitted_on=dt.date(2025, 4, 15), status="probationary",
    ).pk
    removal = RemovalProposal.objects.create(
        member=city.member, organization=city.cell_a1, year=2026, months=["2026-01"],
        reason="Vắng", proposed_on=dt.date(2026, 4, 1), proposed_by=city.secretary_user,
    ).pk
    readers = [city.admin, city.city_staff, city.ward_staff, city.secretary_user, city.outsider]
    staff = [city.ward_staff, city.city_staff]
    cell_writers = [city.ward_staff, city.secretary_user]
    assert_access(
        "members",
        {
            "list": Case(
                reverse("members:list"),
                allowed=[city.admin, city.city_staff, city.secretary_user, city.member_user],
            ),
            "detail": Case(
                reverse("members:detail", args=[own]),
                allowed=[city.city_staff, city.ward_staff, city.secretary_user, city.member_user],
                outsiders=[city.outsider],
            ),
            "create": Case(
                reverse("members:create"), allowed=[city.city_staff, city.secretary_user]
            ),
            "edit": Case(
                reverse("members:edit", args=[own]),
                allowed=[city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
            "transfer": Case(
                reverse("members:transfer", args=[own]),
                allowed=[city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
            "import": Case(reverse("members:import"), allowed=[city.secretary_user]),
            "import_template": Case(
                reverse("members:import_template"), allowed=[city.secretary_user]
            ),
            "export": Case(
                reverse("members:export"), allowed=[city.city_staff, city.secretary_user]
            ),
            "probations": Case(reverse("members:probations"), allowed=readers,
                               outsiders=[city.member_user]),
            "removals": Case(reverse("members:removals"), allowed=readers,
                             outsiders=[city.member_user]),
            "probation_open": Case(
                reverse("members:probation_open", args=[xuan]), method="post",
                allowed=cell_writers, outsiders=[city.outsider, city.member_user],
                ok_status=(200, 302),
            ),
            "probation_schedule": Case(
                reverse("members:probation_schedule", args=[xuan]), method="post",
                allowed=cell_writers, outsiders=[city.outsider, city.member_user],
            ),
            "probation_vote": Case(
                reverse("members:probation_vote", args=[xuan]), method="post",
                allowed=cell_writers, outsiders=[city.outsider, city.member_user],
            ),
            "probation_decide": Case(
                reverse("members:probation_decide", args=[xuan]), method="post",
                allowed=staff,
                outsiders=[city.secretary_user, city.outsider, city.member_user],
            ),
            "removal_propose": Case(
                reverse("members:removal_propose", args=[own]), method="post",
                allowed=cell_writers, outsiders=[city.outsider, city.member_user],
            ),
            "removal_decide": Case(
                reverse("members:removal_decide", args=[removal]), method="post",
                allowed=staff,
                outsiders=[city.secretary_user, city.outsider, city.member_user],
            ),
        },
    )
