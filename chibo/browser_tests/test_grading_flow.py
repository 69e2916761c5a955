"""Year-end grading end to end (P7): a member, on a phone, scores their self-assessment
(the totals and the suggested grade follow as they type); the cell's secretary reviews it
with the evidence and proposes a grade; the ward's staff decides, is refused once over
the HTXSNV cap with the numbers named, adjusts and decides; the member sees the decided
grade."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login, screenshot
from chibo.grading.tests.test_services import approved_commitment

pytestmark = pytest.mark.browser

SCORES = [
    ("Tư tưởng chính trị", "8"),
    ("Phẩm chất đạo đức, lối sống", "7,5"),
    ("Ý thức tổ chức kỷ luật", "7"),
    ("Tác phong, lề lối làm việc", "7"),
    ("Kết quả thực hiện nhiệm vụ được giao", "38"),
    ("Thực hiện cam kết, việc làm theo", "18"),
    ("Nhiệm vụ chi bộ phân công", "9"),
]  # 94,5


def session(browser, live_server, username, *, phone=False):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    return login(context.new_page(), live_server, username)


def shots(page, name: str) -> None:
    """The page at phone and desktop widths under $CHIBO_GRADING_SHOTS (e.g. /tmp/...),
    and in docs/screenshots when CHIBO_SCREENSHOTS=1; nothing otherwise."""
    screenshot(page, f"grading-{name}")
    folder = os.environ.get("CHIBO_GRADING_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def test_self_assessment_review_and_decision(browser, live_server, city):
    approved_commitment(city, city.member)  # met: nothing bars HTXSNV

    # 1. The member, on a phone, opens the grading from the menu and scores themself.
    member = session(browser, live_server, city.member_user.username, phone=True)
    member.get_by_role("button", name="Mở menu").click()
    member.get_by_role("link", name="Xếp loại").click()
    expect(
        member.get_by_role("heading", name=re.compile("Tự đánh giá, xếp loại năm"))
    ).to_be_visible()
    member.get_by_label("Năm").select_option("2026")
    expect(member.get_by_role("heading", name="Tự đánh giá, xếp loại năm 2026")).to_be_visible()
    form = member.locator("form.self-form")
    expect(member.locator("#evidence")).to_contain_text("1 việc: 1 hoàn thành")
    for label, points in SCORES[:4]:
        form.get_by_label(label).fill(points)
    expect(form.locator("[data-group=general] [data-sum]")).to_have_text("29,5")
    expect(form.locator("[data-suggest]")).to_contain_text("chấm đủ các tiêu chí")
    form.get_by_label(SCORES[4][0]).fill("41")  # over its maximum of 40
    expect(form.get_by_label(SCORES[4][0])).to_have_class(re.compile("is-invalid"))
    expect(form.locator("[data-suggest]")).to_contain_text("ngoài khung")
    for label, points in SCORES[4:]:
        form.get_by_label(label).fill(points)
    expect(form.locator("[data-total]")).to_have_text("94,5")
    expect(form.locator("[data-suggest]")).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    form.get_by_label("Tự nhận xét ưu điểm, khuyết điểm").fill(
        "Hoàn thành nhiệm vụ tổ trưởng tổ dân phố; cần dành thời gian hơn cho sinh hoạt."
    )
    shots(member, "self-form")
    form.get_by_role("button", name="Lưu bản tự đánh giá").click()
    expect(
        member.get_by_text(
            "Đã lưu bản tự đánh giá: 94,5 điểm, tự xếp loại Hoàn thành xuất sắc nhiệm vụ."
        )
    ).to_be_visible()
    expect(member.locator("input[name=s_ethics]")).to_have_value("7,5")

    # 2. The secretary reviews the cell with the evidence and proposes a grade.
    secretary = session(browser, live_server, city.secretary_user.username)
    secretary.get_by_role("link", name="Xếp loại", exact=True).click()
    secretary.get_by_role("link", name="Xếp loại Chi bộ khu phố A1").click()
    row = secretary.locator(".review-row", has_text="Trần Văn Bảo")
    expect(row.get_by_role("cell", name=re.compile(r"^94,5 điểm"))).to_be_visible()
    expect(row.get_by_role("cell", name="1/1 hoàn thành")).to_be_visible()
    row.get_by_label("Đề xuất xếp loại Trần Văn Bảo").select_option("HTXSNV")
    row.get_by_label("Nhận xét của chi bộ về Trần Văn Bảo").fill("Gương mẫu ở khu dân cư")
    shots(secretary, "cell")
    secretary.get_by_role("button", name="Lưu đề xuất của chi bộ").click()
    expect(secretary.get_by_text("Đã lưu đề xuất xếp loại của 1 đảng viên.")).to_be_visible()
    expect(row.get_by_text("Đã đề xuất HTXSNV")).to_be_visible()

    # 3. The ward decides: over the cap first (1 HTXSNV against no HTTNV), then adjusted.
    ward = session(browser, live_server, city.ward_staff.username)
    ward.get_by_role("link", name="Xếp loại", exact=True).click()
    ward.get_by_role("link", name="Tổng hợp các chi bộ").click()
    ward.locator("tr", has_text="Chi bộ khu phố A1").get_by_role("link", name="Quyết định").click()
    expect(ward.get_by_role("heading", name="Quyết định xếp loại năm 2026")).to_be_visible()
    decision = ward.get_by_label("Quyết định xếp loại Trần Văn Bảo")
    expect(decision).to_have_value("HTXSNV")  # the cell's proposal
    expect(ward.locator("[data-cap=over]")).to_be_visible()
    ward.get_by_role("button", name=re.compile("Quyết định xếp loại")).click()
    alert = ward.locator("#decide-errors")
    expect(alert).to_contain_text(
        "Hoàn thành xuất sắc nhiệm vụ (1) vượt quá 20% số Hoàn thành tốt nhiệm vụ (0 → tối đa 0)"
    )
    expect(alert).to_contain_text("Chưa lưu quyết định nào.")
    shots(ward, "decide-refused")
    ward.get_by_label("Quyết định xếp loại Trần Văn Bảo").select_option("HTTNV")
    expect(ward.locator("[data-cap=over]")).to_be_hidden()
    ward.get_by_label("Ý kiến của cấp ủy").fill("Đảng ủy phường nhất trí.")
    ward.get_by_role("button", name=re.compile("Quyết định xếp loại")).click()
    expect(
        ward.get_by_text("Đã quyết định xếp loại 1 phiếu của Chi bộ khu phố A1.")
    ).to_be_visible()
    ward.get_by_role("link", name="Trần Văn Bảo").click()
    expect(ward.get_by_role("link", name="Đính chính")).to_be_visible()
    shots(ward, "detail")

    # 4. The member sees the decided grade; the form is gone.
    member.reload()
    expect(member.get_by_text("Cấp ủy đã quyết định:")).to_be_visible()
    expect(member.locator(".alert-success").get_by_text("Hoàn thành tốt nhiệm vụ")).to_be_visible()
    expect(member.locator("input[name=s_politics]")).to_have_count(0)
    shots(member, "mine-decided")
    ward.goto(f"{live_server.url}/grading/overview/2026/")
    shots(ward, "overview")
