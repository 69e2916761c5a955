"""A register or a residence comment loaded before someone else saved it: refused with
the newer version shown under what the person typed, which stays; saving again works."""

import re

from django.urls import reverse

from chibo.commitments import services
from chibo.commitments.models import Commitment, ResidenceComment
from chibo.core.testing.factories import MemberFactory

YEAR = 2026
RATINGS = {"policy": "good", "ethics": "good", "participation": "good", "relations": "good"}


def base_of(page: str) -> str:
    match = re.search(r'name="base" value="([^"]*)"', page)
    assert match, "no base on the page"
    return match.group(1).replace("&quot;", '"')


def test_a_stale_cell_register_keeps_the_typed_items_and_shows_the_newer(client, city):
    client.force_login(city.secretary_user)
    url = reverse("commitments:cell", args=[city.cell_a1.pk, YEAR])
    base = base_of(client.get(url).content.decode())
    services.commitment_save(
        actor=city.ward_staff,
        year=YEAR,
        cell=city.cell_a1,
        items=[{"text": "Khâu của đồng chí khác", "measure": "10/12 buổi"}],
    )
    mine = {"text": ["Khâu của tôi"], "measure": ["12/12 buổi"], "action": "save"}
    response = client.post(url, {**mine, "base": base})
    assert response.status_code == 200
    page = response.content.decode()
    assert "người khác đã lưu nội dung mới hơn" in page
    assert "Khâu của tôi</textarea>" in page
    assert "Bản mới hơn đã lưu:" in page and "1. Khâu của đồng chí khác — 10/12 buổi" in page
    own = Commitment.objects.get(year=YEAR, cell=city.cell_a1, member__isnull=True)
    assert list(own.items.values_list("text", flat=True)) == ["Khâu của đồng chí khác"]
    response = client.post(url, {**mine, "base": base_of(page)})
    assert response.status_code == 302
    assert list(own.items.values_list("text", flat=True)) == ["Khâu của tôi"]


def test_a_stale_residence_comment_keeps_the_text_and_shows_the_newer(client, city):
    teacher = MemberFactory(organization=city.cell_c1, residence_organization=city.cell_a1)
    client.force_login(city.secretary_user)
    url = reverse("commitments:residence_write", args=[YEAR, teacher.pk])
    base = base_of(client.get(url).content.decode())
    services.residence_comment_write(
        actor=city.ward_staff, member=teacher, year=YEAR, ratings=RATINGS,
        comment="Nhận xét đã gửi\ntừ phường",
    )
    posted = {f"point_{k}": v for k, v in RATINGS.items()}
    response = client.post(url, {**posted, "comment": "Nhận xét của tôi", "base": base})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhận xét của tôi</textarea>" in page
    assert "Bản mới hơn đã lưu:" in page and "Nhận xét đã gửi\ntừ phường" in page
    response = client.post(url, {**posted, "comment": "Bản đã gộp", "base": base_of(page)})
    assert response.status_code == 302
    assert ResidenceComment.objects.get(member=teacher, year=YEAR).comment == "Bản đã gộp"
