"""A grading page loaded before someone else saved: the save is refused with the newer
text shown under the person's own, which stays in the field; saving again goes through."""

import re

from django.urls import reverse

from chibo.core.concurrency import edit_base, parse_base
from chibo.grading import services
from chibo.grading.models import Assessment
from chibo.grading.tests.test_services import FULL

YEAR = 2026


def base_of(page: str, name: str = "base") -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} on the page"
    return match.group(1).replace("&quot;", '"')


def scores_post(scores: dict, **extra) -> dict:
    data = {f"s_{code}": str(value).replace(".", ",") for code, value in scores.items()}
    data.update(extra)
    return data


def test_a_stale_self_review_keeps_what_was_typed_and_shows_the_newer(client, city):
    a = services.assessment_open(actor=city.admin, year=YEAR, member=city.member)
    services.assessment_self(actor=city.admin, assessment=a, scores=FULL, note="Bản đầu")
    client.force_login(city.member_user)
    url = reverse("grading:detail", args=[a.pk])
    base = base_of(client.get(url).content.decode())
    # Meanwhile the secretary, filling in on their behalf, saves another note.
    services.assessment_self(
        actor=city.secretary_user,
        assessment=Assessment.objects.get(pk=a.pk),
        scores=FULL,
        note="Dòng một của bí thư\nDòng hai",
        base=parse_base(edit_base(a, services.SELF_FIELDS)),
    )
    response = client.post(url, scores_post(FULL, note="Bản của tôi", base=base))
    assert response.status_code == 200
    page = response.content.decode()
    assert "người khác đã lưu nội dung mới hơn" in page
    assert "Bản của tôi</textarea>" in page  # what they typed stays in the field
    assert "Bản mới hơn đã lưu:" in page and "Dòng một của bí thư\nDòng hai" in page
    assert Assessment.objects.get(pk=a.pk).self_note == "Dòng một của bí thư\nDòng hai"
    # The renewed base lets the merged text through.
    response = client.post(url, scores_post(FULL, note="Bản đã gộp", base=base_of(page)))
    assert response.status_code == 302
    assert Assessment.objects.get(pk=a.pk).self_note == "Bản đã gộp"


def test_a_stale_review_row_saves_nothing_and_shows_the_newer_note(client, city):
    a = services.assessment_open(actor=city.admin, year=YEAR, member=city.member)
    services.assessment_self(actor=city.admin, assessment=a, scores=FULL)
    s = services.assessment_open(actor=city.admin, year=YEAR, member=city.secretary)
    services.assessment_self(actor=city.admin, assessment=s, scores=FULL)
    client.force_login(city.secretary_user)
    url = reverse("grading:cell", args=[city.cell_a1.pk, YEAR])
    page = client.get(url).content.decode()
    base_a = base_of(page, f"base_{city.member.pk}")
    base_s = base_of(page, f"base_{city.secretary.pk}")
    services.assessment_review(
        actor=city.admin, assessment=Assessment.objects.get(pk=a.pk), grade="HTTNV",
        note="Nhận xét của phó bí thư",
    )
    post = {
        "action": "review",
        f"grade_{city.member.pk}": "HTNV",
        f"note_{city.member.pk}": "Nhận xét của tôi",
        f"base_{city.member.pk}": base_a,
        f"grade_{city.secretary.pk}": "HTTNV",
        f"note_{city.secretary.pk}": "",
        f"base_{city.secretary.pk}": base_s,
    }
    response = client.post(url, post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "chưa lưu gì" in page
    assert 'value="Nhận xét của tôi"' in page
    assert "Bản mới hơn đã lưu:" in page and "Nhận xét của phó bí thư" in page
    assert Assessment.objects.get(pk=s.pk).review_grade == ""  # all or none
    post[f"base_{city.member.pk}"] = base_of(page, f"base_{city.member.pk}")
    response = client.post(url, post)
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.review_grade, a.review_note) == ("HTNV", "Nhận xét của tôi")
    assert Assessment.objects.get(pk=s.pk).review_grade == "HTTNV"
