"""The member form loaded before someone else saved the same field: refused with the newer
text under the person's own; a field only the other person changed is kept."""

import re

from django.urls import reverse

from chibo.members import services
from chibo.members.models import PartyMember


def form_data(page: str) -> dict:
    """The member form as the browser would send it back, base included."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value.replace("&quot;", '"')
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', page):
        data[name] = value
    for name, block in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', block)
        data[name] = chosen.group(1) if chosen else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_a_stale_member_form_keeps_what_was_typed_and_shows_the_newer(client, city):
    client.force_login(city.ward_staff)
    url = reverse("members:edit", args=[city.member.pk])
    data = form_data(client.get(url).content.decode())
    assert data["base"].startswith("{")
    # Meanwhile the secretary saves the notes and the phone.
    fresh = PartyMember.objects.get(pk=city.member.pk)
    services.member_update(
        actor=city.secretary_user,
        member=fresh,
        notes="Dòng một của bí thư\nDòng hai",
        phone="0911222333",
    )
    response = client.post(url, {**data, "notes": "Ghi chú của tôi"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "người khác đã lưu nội dung mới hơn" in page
    assert "Ghi chú của tôi</textarea>" in page
    assert "Bản mới hơn đã lưu:" in page and "Dòng một của bí thư\nDòng hai" in page
    # Saving again (merged) goes through; the phone they never touched keeps the newer one.
    again = form_data(page)
    response = client.post(url, {**again, "notes": "Bản đã gộp"})
    assert response.status_code == 302
    member = PartyMember.objects.get(pk=city.member.pk)
    assert (member.notes, member.phone) == ("Bản đã gộp", "0911222333")
