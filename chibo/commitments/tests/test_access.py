"""Every URL of the commitments namespace: anonymous users go to the login page, users
out of scope get 404, the allowed ones get the page."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from chibo.accounts.models import Role
from chibo.commitments import services
from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.factories import MemberFactory, UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind

ITEMS = [{"text": "Gương mẫu giữ gìn vệ sinh khu phố", "measure": "12/12 tháng"}]


def test_every_commitment_url_is_scoped(city):
    year = timezone.localdate().year
    register = services.commitment_save(
        actor=city.member_user, year=year, items=ITEMS, member=city.member, submit=True
    )
    own = services.commitment_save(
        actor=city.secretary_user, year=year, items=ITEMS, cell=city.cell_a1, submit=True
    )
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(year, 6, 3, 8)),
    )
    # A teacher of the C1 school cell who lives in khu phố A1: A1 writes, C1 reads.
    resident = MemberFactory(
        organization=city.cell_c1, residence_organization=city.cell_a1, full_name="Vương Thị Yến"
    )
    c1_secretary = UserFactory(username="c1-secretary")
    grant(c1_secretary, city.cell_c1, Role.SECRETARY)

    chi_uy = [city.city_staff, city.ward_staff, city.secretary_user]
    readers = [city.admin, *chi_uy, city.member_user]
    everyone = [*readers, city.outsider, c1_secretary]

    def url(name, *args):
        return reverse(f"commitments:{name}", args=args)

    def post(name, *args, data, allowed=chi_uy, outsiders=(city.outsider, city.member_user)):
        return Case(
            url(name, *args),
            allowed=allowed,
            outsiders=outsiders,
            method="post",
            data=data,
            ok_status=(302,),
        )

    assert_access(
        "commitments",
        {
            "mine": Case(url("mine"), allowed=everyone),
            "cell": Case(
                url("cell", city.cell_a1.pk, year),
                allowed=[city.admin, *chi_uy],
                outsiders=[city.outsider, city.member_user, c1_secretary],
            ),
            "detail": Case(url("detail", register.pk), allowed=readers, outsiders=[city.outsider]),
            "decide": post("decide", register.pk, data={"decision": "approve"}),
            "results": post(
                "results",
                own.pk,
                data={},
                allowed=[city.city_staff, city.ward_staff],
                outsiders=[city.outsider, city.member_user],
            ),
            # 302 with a message until the renderers exist, then the file.
            "commitment_docx": Case(
                url("commitment_docx", register.pk),
                allowed=readers,
                outsiders=[city.outsider],
                ok_status=(200, 302),
            ),
            "commitment_pdf": Case(
                url("commitment_pdf", own.pk),
                allowed=[city.admin, *chi_uy],
                outsiders=[city.outsider, city.member_user],
                ok_status=(200, 302),
            ),
            "progress": Case(
                url("progress", meeting.pk),
                allowed=[city.admin, *chi_uy],
                outsiders=[city.outsider, city.member_user],
            ),
            "topics": Case(url("topics", year), allowed=everyone),
            "residence": Case(
                url("residence", year),
                allowed=[city.admin, *chi_uy, city.outsider, c1_secretary],
                outsiders=[city.member_user],
            ),
            "residence_write": Case(
                url("residence_write", year, resident.pk),
                allowed=[city.admin, *chi_uy, c1_secretary],
                outsiders=[city.outsider, city.member_user],
            ),
            "residence_exempt": Case(
                url("residence_exempt", year, resident.pk),
                allowed=[city.admin, city.city_staff, c1_secretary],
                outsiders=[city.outsider, city.member_user, city.secretary_user, city.ward_staff],
            ),
        },
    )
