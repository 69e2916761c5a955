"""A form loaded before someone else's save: the page refuses to overwrite the newer
text, keeps what the person typed, shows the newer text beside it, and a second save
(after merging) goes through. Different sections never refuse each other."""

import re
from html import unescape

from django.urls import reverse

from chibo.core.concurrency import STALE_MESSAGE
from chibo.meetings import services


def base_of(body: str, section: str) -> str:
    """The hidden base of one section's form on the record page."""
    form = re.search(
        rf'<input type="hidden" name="section" value="{section}">(.*?)</form>', body, re.S
    ).group(1)
    return unescape(re.search(r'name="base" value="([^"]*)"', form).group(1))


def test_a_stale_section_is_refused_with_the_newer_text_and_nothing_lost(client, cell, meeting):
    url = reverse("meetings:record", args=[meeting.pk])
    client.force_login(cell.secretary_user)
    body = client.get(url).content.decode()
    stale = base_of(body, "conclusion")
    # Meanwhile the minute taker saves the same section from another phone.
    services.content_update(
        actor=cell.city_staff, meeting=meeting, conclusion="Bản của thư ký\nDòng hai"
    )
    response = client.post(
        url, {"section": "conclusion", "conclusion": "Bản của bí thư", "base": stale}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE_MESSAGE in page
    assert "Bản mới hơn đã lưu:" in page
    assert "Bản của thư ký\nDòng hai" in page  # the newer text, line breaks kept
    assert "Bản của bí thư</textarea>" in page  # what they typed is still in the field
    meeting.refresh_from_db()
    assert meeting.conclusion == "Bản của thư ký\nDòng hai"

    merged = "Bản của thư ký\nDòng hai\nBổ sung của bí thư"
    response = client.post(
        url, {"section": "conclusion", "conclusion": merged, "base": base_of(page, "conclusion")}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.conclusion == merged


def test_saving_one_field_of_a_section_keeps_anothers_newer_field(client, cell, meeting):
    """Review has three texts; a stale form that changed only one leaves the others as
    someone else saved them, even when the refused form is sent again."""
    url = reverse("meetings:record", args=[meeting.pk])
    client.force_login(cell.secretary_user)
    stale = base_of(client.get(url).content.decode(), "review")
    services.content_update(
        actor=cell.city_staff, meeting=meeting, review_causes="Nguyên nhân mới"
    )
    response = client.post(
        url,
        {
            "section": "review",
            "review_results": "Kết quả của bí thư",
            "review_shortcomings": "",
            "review_causes": "",
            "base": stale,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.review_results == "Kết quả của bí thư"
    assert meeting.review_causes == "Nguyên nhân mới"


def test_a_stale_vote_text_is_refused_but_not_the_counts_of_another(client, cell, meeting):
    url = reverse("meetings:record", args=[meeting.pk])
    client.force_login(cell.secretary_user)
    body = client.get(url).content.decode()
    base = unescape(re.search(r'id="vote-form".*?name="base" value="([^"]*)"', body, re.S).group(1))
    services.content_update(actor=cell.city_staff, meeting=meeting, resolution="Nghị quyết mới")
    response = client.post(
        reverse("meetings:vote", args=[meeting.pk]),
        {
            "resolution": "Nghị quyết cũ",
            "votes_for": "0",
            "votes_against": "0",
            "votes_abstain": "0",
            "base": base,
        },
    )
    assert response.status_code == 200
    assert "Nghị quyết mới" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.resolution == "Nghị quyết mới"
    assert meeting.votes_for is None  # refused as a whole: nothing saved
