"""The wording shared by Word and PDF, on hand-made snapshots (no database)."""

import copy
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from chibo.documents import renderers
from chibo.documents.context import (
    committee_of,
    document_context,
    place_of,
    vi_long_date,
    vi_number,
)

from .test_renderers import docx_text, pdf_text, squash

SPARSE = {
    "format": 1,
    "version": 1,
    "amendment_reason": "",
    "meeting": {
        "id": 1,
        "kind": "committee",
        "kind_label": "Sinh hoạt chi ủy",
        "month": 1,
        "year": 2026,
        "topic": "",
        "place": "",
        "scheduled_at": "2026-01-05T12:30:00+00:00",  # 19:30 in Hà Nội
        "started_at": None,
        "ended_at": None,
        "duration_minutes": None,
        "abstract": "Sinh hoạt chi ủy tháng 1 năm 2026",
    },
    "organization": {
        "id": 1,
        "name": "Chi bộ Trường THPT C1",
        "parent_name": "Đảng bộ Khối các cơ quan",
        "code": "",
        "address": "",
    },
    "chair": "",
    "minute_taker": "",
    "guests": [],
    "counts": {
        "total": 3,
        "full": 3,
        "probationary": 0,
        "exempt": 0,
        "present": 3,
        "excused": 0,
        "unexcused": 0,
        "attendance_rate": 100.0,
    },
    "present": ["A", "B", "C"],
    "absentees": [],
    "agenda": [],
    "content": {},
    "speeches": [],
    "task_reviews": [],
    "new_tasks": [],
    "vote": None,
    "score": {
        "items": [
            {"code": "time", "label": "Thời gian", "max": 5, "points": None},
            {"code": "conduct", "label": "Tiến hành", "max": 30, "points": 22.5},
        ],
        "total": 22.5,
        "band": "",
        "complete": False,
    },
    "adopted_at": None,
}


@pytest.mark.parametrize(
    ("parent", "address", "place"),
    [
        ("Đảng bộ phường Vũ Ninh", "", "Vũ Ninh"),
        ("Đảng bộ xã Hòa Long", "Thôn Xuân Ái", "Hòa Long"),
        ("Đảng bộ thị trấn Chờ", "", "Chờ"),
        ("Đảng bộ thành phố Bắc Ninh", "", "Bắc Ninh"),
        ("Đảng bộ Khối các cơ quan", "Số 5 Lý Thái Tổ", "Số 5 Lý Thái Tổ"),
        ("Đảng bộ Khối các cơ quan", "", ""),
        ("Đảng bộ Cơ quan Tỉnh ủy", "", ""),
        ("Đảng bộ phường Đông Ngàn, thành phố Từ Sơn", "", "Đông Ngàn"),
        ("Đảng bộ phường Đông Ngàn thành phố Từ Sơn", "", "Đông Ngàn"),
        ("Đảng bộ thị xã Từ Sơn", "", "Từ Sơn"),
        ("", "", ""),
    ],
)
def test_place_before_the_date(parent, address, place):
    assert place_of(parent, address) == place


def test_vietnamese_dates_and_numbers():
    assert vi_long_date(dt.date(2026, 3, 3)) == "ngày 03 tháng 3 năm 2026"
    assert vi_long_date(dt.date(2026, 1, 15)) == "ngày 15 tháng 01 năm 2026"
    assert vi_long_date(dt.date(2026, 12, 1)) == "ngày 01 tháng 12 năm 2026"
    assert vi_number(85.714) == "85,7"
    assert vi_number(100.0) == "100"
    assert vi_number(22.5) == "22,5"
    assert vi_number(None) == ""
    assert committee_of("Đảng bộ phường A") == "Đảng ủy phường A"


def test_sparse_snapshot_wording():
    d = document_context(SPARSE)
    assert d["draft"] and d["closing"] == ""
    assert d["place_date"] == "Ngày 05 tháng 01 năm 2026"  # no place: the date alone
    assert d["time_line"] == "Dự kiến bắt đầu lúc 19 giờ 30 phút ngày 05 tháng 01 năm 2026."
    assert d["vote_line"] == "Chưa biểu quyết." and d["vote_outcome"] == ""
    assert d["absent_line"] == "Vắng: không."
    assert d["proceedings"] == [] and d["guests"] == [] and d["amendment"] == ""
    assert d["score_rows"][0]["points"] == "–" and d["score_rows"][1]["points"] == "22,5"
    assert d["score_line"] == (
        "Chưa chấm đủ các tiêu chí (còn 1 tiêu chí chưa chấm); tạm tính 22,5/35 điểm, "
        "chưa xếp loại."
    )
    # a meeting early in January reviews December of the year before
    assert d["review_month_label"] == "THÁNG 12 NĂM 2025"
    assert d["plan_month_label"] == "THÁNG 1 NĂM 2026"


def test_full_snapshot_wording():
    snapshot = copy.deepcopy(SPARSE)
    snapshot["meeting"].update(
        kind="regular",
        started_at="2026-03-28T01:00:00+00:00",
        ended_at="2026-03-28T02:35:00+00:00",
        duration_minutes=95,
        month=3,
        place="Hội trường",
    )
    snapshot.update(
        version=3,
        amendment_reason="Sửa tên",
        adopted_at="2026-03-28T03:00:00+00:00",
        chair="Nguyễn Thị Thu",
        vote={
            "eligible": 7,
            "for": 6,
            "against": 1,
            "abstain": 0,
            "passed": True,
            "percent_for": 85.7,
        },  # fmt: skip
        absentees=[
            {"name": "Lê Văn Cường", "presence": "excused", "reason": "", "member_status": "full"}
        ],
        guests=[
            {"name": "Khách Thường", "office": "", "is_higher_official": False},
            {"name": "Cấp Trên", "office": "Phó Bí thư Đảng ủy", "is_higher_official": True},
        ],
        speeches=[
            {"section": "criticism", "speaker": "Trần Văn Bảo", "text": "Dòng một.\n\nDòng hai."}
        ],
    )
    d = document_context(snapshot)
    assert d["vote_line"] == (
        "6/7 đồng chí tán thành, đạt tỷ lệ 85,7%; 1 không tán thành; 0 không biểu quyết."
    )
    assert d["vote_outcome"] == "Nghị quyết được thông qua."
    assert d["amendment"] == "(Bản đính chính lần 2 – lý do: Sửa tên)"
    assert d["closing"].startswith("Buổi sinh hoạt kết thúc vào hồi 09 giờ 35 phút cùng ngày.")
    assert d["absentees"] == ["Đồng chí Lê Văn Cường, có lý do."]
    assert d["guests"][0].startswith("Đồng chí Cấp Trên, Phó Bí thư")  # higher officials first
    assert d["proceedings"] == [
        {
            "title": "1. Tự phê bình và phê bình",
            "paragraphs": [
                {"lead": "Đồng chí Trần Văn Bảo: ", "text": "Dòng một."},
                {"lead": "", "text": "Dòng hai."},
            ],
        }
    ]
    # late in the month: the meeting reviews its own month and plans the next
    assert d["review_month_label"] == "THÁNG 3 NĂM 2026"
    assert d["plan_month_label"] == "THÁNG 4 NĂM 2026"
    assert "Thời gian sinh hoạt: 95 phút (từ 08 giờ 00 phút đến 09 giờ 35 phút)." in d["opening"]


def test_sparse_snapshot_renders_without_empty_sections():
    pdf = squash(pdf_text(renderers.minutes_pdf(SPARSE)))
    docx = docx_text(renderers.minutes_docx(SPARSE))
    for text in (pdf, squash(docx)):
        assert "DỰ THẢO" in text and "Chưa biểu quyết." in text
        assert "Chưa chấm đủ các tiêu chí" in text
        for absent in ("Diễn biến", "Khách mời", "Địa điểm", "Nội dung sinh hoạt", "Chủ trì:"):
            assert absent not in text
    resolution = squash(docx_text(renderers.resolution_docx(SPARSE)))
    assert "IV. TỰ ĐÁNH GIÁ CHẤT LƯỢNG KỲ SINH HOẠT" in resolution
    assert "- Đảng ủy Khối các cơ quan," in resolution


# Children of these Word elements must come in the schema's order, or Word refuses the
# file ("unreadable content"); these are the ones the template builder writes.
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
    "specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize "
    "tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar "
    "tblLook tblCaption tblDescription tblPrChange",
}


@pytest.mark.parametrize("render", [renderers.minutes_docx, renderers.resolution_docx])
def test_word_elements_in_schema_order(render):
    document = Document(io.BytesIO(render(SPARSE)))
    checked = 0
    for parent, names in ORDER.items():
        order = names.split()
        for element in document.element.body.iter(qn(f"w:{parent}")):
            children = [child.tag.split("}")[1] for child in element]
            positions = [order.index(name) for name in children]
            assert positions == sorted(positions), (parent, children)
            checked += 1
    assert checked > 50
