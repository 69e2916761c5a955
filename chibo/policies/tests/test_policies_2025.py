"""The 2025 texts as new versions (issue 13): resolution by date, and the Quy định page
showing the version in force on a chosen day, its basis, and the unconfirmed badge."""

import datetime as dt
import re

from django.urls import reverse

from chibo.policies.selectors import policy, policy_row


def test_grading_rules_cite_qd_366_from_2025_and_qd_132_before(db):
    assert "132-QĐ/TW" in policy_row("grading.thresholds", on=dt.date(2024, 12, 31)).legal_basis
    row = policy_row("grading.thresholds", on=dt.date(2025, 12, 31))
    assert "366-QĐ/TW" in row.legal_basis and "Điều 11" in row.legal_basis
    assert row.effective_from == dt.date(2025, 10, 31)
    for key in ("grading.member_form", "grading.cell_form", "grading.excellent_cap",
                "grading.member_conditions", "grading.cell_conditions"):
        assert "132-QĐ/TW" in policy_row(key, on=dt.date(2025, 8, 29)).legal_basis
        assert "366-QĐ/TW" in policy_row(key, on=dt.date(2025, 8, 30)).legal_basis
    # Values kept where the text was not read: the cap stays 1/5 of HTTNV.
    assert policy("grading.excellent_cap", on=dt.date(2026, 1, 1)) == [1, 5]


def test_meeting_rules_cite_hd_42_from_28_10_2025(db):
    for key, value in [("meeting.min_minutes", 90), ("meeting.min_minutes_combined", 120),
                       ("meeting.thematic_per_quarter", 1), ("meeting.document_lead_days", 1)]:
        assert "12-HD/BTCTW" in policy_row(key, on=dt.date(2025, 10, 27)).legal_basis
        row = policy_row(key, on=dt.date(2025, 10, 28))
        assert "42-HD/BTCTW ngày 28/10/2025" in row.legal_basis and row.value == value
        confirmed = key != "meeting.thematic_per_quarter"  # HD 42 quoted on the other three
        assert ("Đã đối chiếu" in row.note) is confirmed
        assert ("Chưa đối chiếu được với văn bản" in row.note) is not confirmed
    assert policy("meeting.quorum", on=dt.date(2025, 6, 30)) == [2, 3]
    assert policy("meeting.quorum", on=dt.date(2025, 7, 1)) == [0, 1]


def _card(body: str, key: str) -> str:
    start = body.index(f"<code class=\"small\">{key}</code>")
    return body[start:body.index("</table>", start)]


def test_policy_page_shows_2025_versions_for_a_2026_day(client, city):
    client.force_login(city.member_user)
    body = client.get(reverse("policies:list"), {"ngay": "15/01/2026"}).content.decode()
    card = _card(body, "grading.thresholds")
    in_force = re.search(r"Áp dụng ngày 15/01/2026:(.*?)</p>", card, re.S).group(1)
    assert "366-QĐ/TW" in in_force and "31/10/2025" in in_force
    assert "phiên bản trước" in card and "132-QĐ/TW" in card
    cap = _card(body, "grading.excellent_cap")
    assert "chưa đối chiếu văn bản" in re.search(r"Áp dụng ngày.*?</p>", cap, re.S).group(0)


def test_policy_page_shows_2018_versions_for_a_2024_day(client, city):
    client.force_login(city.member_user)
    body = client.get(reverse("policies:list"), {"ngay": "01/06/2024"}).content.decode()
    card = _card(body, "grading.thresholds")
    in_force = re.search(r"Áp dụng ngày 01/06/2024:(.*?)</p>", card, re.S).group(1)
    assert "132-QĐ/TW" in in_force and "366-QĐ/TW" not in in_force
    assert "chưa có hiệu lực" in card  # the 2025 versions, listed after
    minutes = _card(body, "meeting.min_minutes")
    assert "12-HD/BTCTW" in re.search(r"Áp dụng ngày.*?</p>", minutes, re.S).group(0)


def test_policy_page_reads_a_bad_day_as_today(client, city):
    client.force_login(city.member_user)
    body = client.get(reverse("policies:list"), {"ngay": "31/02/2026"}).content.decode()
    assert "Không đọc được ngày «31/02/2026»" in body
