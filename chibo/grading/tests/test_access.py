"""Every URL of the grading namespace: anonymous users go to the login page, users out of
scope get 404, the allowed ones get the page.

Scope: a member reads only their own assessment; the cell's secretary and the staff above
read and review the cell; only a committee above the cell (or the admin) decides and
corrects; the secretary of another cell is an outsider everywhere in cell A1."""

from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.grading import services
from chibo.grading.tests.test_services import FULL

YEAR = 2026


def test_every_grading_url_is_scoped(city):
    own = services.assessment_open(actor=city.member_user, year=YEAR, member=city.member)
    services.assessment_self(actor=city.member_user, assessment=own, scores=FULL)
    secretary = services.assessment_open(actor=city.admin, year=YEAR, member=city.secretary)
    services.assessment_self(actor=city.admin, assessment=secretary, scores=FULL)
    services.assessment_review(actor=city.admin, assessment=secretary, grade="HTTNV")
    [decided] = services.assessments_decide(actor=city.admin, decisions={secretary.pk: "HTTNV"})
    cell, a, d = city.cell_a1.pk, own.pk, decided.pk

    staff = [city.admin, city.city_staff, city.ward_staff]
    reviewers = [*staff, city.secretary_user]
    readers_of_own = [*reviewers, city.member_user]
    everyone = [*readers_of_own, city.outsider]

    def url(name, *args):
        return reverse(f"grading:{name}", args=args)

    # Downloads answer with the file once the renderers exist, else a message and the
    # assessment's page.
    files = (200, 302)
    assert_access(
        "grading",
        {
            "mine": Case(url("mine"), allowed=everyone),
            "overview": Case(
                url("overview", YEAR),
                allowed=[*reviewers, city.outsider],  # each sees the cells in their scope
                outsiders=[city.member_user],
            ),
            "cell": Case(
                url("cell", cell, YEAR),
                allowed=reviewers,
                outsiders=[city.member_user, city.outsider],
            ),
            "decide": Case(
                url("decide", cell, YEAR),
                allowed=staff,
                outsiders=[city.secretary_user, city.member_user, city.outsider],
            ),
            "detail": Case(url("detail", a), allowed=readers_of_own, outsiders=[city.outsider]),
            "correct": Case(
                url("correct", d),
                allowed=staff,
                outsiders=[city.secretary_user, city.member_user, city.outsider],
            ),
            "form_docx": Case(
                url("form_docx", a),
                allowed=readers_of_own,
                outsiders=[city.outsider],
                ok_status=files,
            ),
            "form_pdf": Case(
                url("form_pdf", a),
                allowed=readers_of_own,
                outsiders=[city.outsider],
                ok_status=files,
            ),
        },
    )


def test_a_member_reads_only_their_own(city):
    """The secretary's decided assessment is not the member's to read, nor the cell's."""
    other = services.assessment_open(actor=city.admin, year=YEAR, member=city.secretary)
    cell = services.assessment_open(actor=city.admin, year=YEAR, cell=city.cell_a1)
    from django.test import Client

    client = Client()
    client.force_login(city.member_user)
    for pk in (other.pk, cell.pk):
        assert client.get(reverse("grading:detail", args=[pk])).status_code == 404
        assert client.get(reverse("grading:form_pdf", args=[pk])).status_code == 404


def test_write_pages_refuse_posts_out_of_scope(city):
    """POSTs as well as GETs: the member and the outsider cannot review or decide."""
    from django.test import Client

    own = services.assessment_open(actor=city.member_user, year=YEAR, member=city.member)
    services.assessment_self(actor=city.member_user, assessment=own, scores=FULL)
    for user in (city.member_user, city.outsider):
        client = Client()
        client.force_login(user)
        review = client.post(
            reverse("grading:cell", args=[city.cell_a1.pk, YEAR]),
            {"action": "review", f"grade_{city.member.pk}": "HTXSNV"},
        )
        decide = client.post(
            reverse("grading:decide", args=[city.cell_a1.pk, YEAR]),
            {f"decision_{own.pk}": "HTXSNV"},
        )
        assert (review.status_code, decide.status_code) == (404, 404)
    own.refresh_from_db()
    assert own.stage == "self" and own.review_grade == ""
    client = Client()
    client.force_login(city.secretary_user)  # the cell itself does not decide its grades
    response = client.post(
        reverse("grading:decide", args=[city.cell_a1.pk, YEAR]), {f"decision_{own.pk}": "HTTNV"}
    )
    assert response.status_code == 404
