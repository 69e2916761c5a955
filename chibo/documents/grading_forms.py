"""The year-end grading forms (P7) and the commitment registers (P6), in Word and PDF.

- `assessment_docx` / `assessment_pdf`: the individual form, "BẢN TỰ KIỂM ĐIỂM VÀ ĐÁNH
  GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM …" (or "… CHI BỘ NĂM …" for a cell): the person's
  details, the criteria of the policy form with the self points, the totals and the
  self-assessed grade, the evidence of the year, the cell's proposal and the committee's
  decision when they exist, the signature blocks.
- `commitment_docx` / `commitment_pdf`: the register, "BẢN ĐĂNG KÝ VIỆC LÀM THEO …" (or
  the cell's "… CÁC NHIỆM VỤ KHẮC PHỤC HẠN CHẾ …"): the items with how each is measured
  and its result, the progress noted at meetings, the approval.

Like the minutes (chibo.documents.renderers) the wording is made once, here, as a dict of
display strings (`assessment_context`, `commitment_context`): the Word templates
word/kiem_diem.docx and word/dang_ky.docx (built by word/build_templates.py) get it as
their context, the HTML templates documents/grading_form.html and documents/commitment.html
as `d`, and both print the same Party header (documents/_header.html in PDF).

Keys of both contexts: organization {name, parent_name}, parent_upper, cell_upper,
national, place_date, draft, draft_label, title, abstract, amendment, details [{label,
value}], signatures {left_heads, left_name, right_heads, right_name, recipients}.
Assessment only: groups [{number, label, max, self, review, rows: [{number, label, max,
self, review}]}], total {max, self, review}, total_lines, self_note, evidence [{lead,
text}], opinions [{lead, text}]. Commitment only: intro, items [{number, text, measure,
result}], progress, approval_lines.
"""

import datetime as dt
import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from chibo.commitments.models import (
    Commitment,
    CommitmentStatus,
    ItemResult,
    ResidenceRating,
    StudyTopic,
    TopicKind,
)
from chibo.core.web import slug
from chibo.documents.context import (
    DRAFT_LABEL,
    NATIONAL,
    committee_of,
    paragraphs,
    place_of,
    vi_long_date,
    vi_number,
    vi_short_date,
)
from chibo.documents.renderers import WORD_DIR, html_pdf
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import Assessment, Grade
from chibo.grading.services import form_for
from chibo.members.models import MemberStatus, PartyMember, Position
from chibo.organizations.selectors import names_by_path

ASSESSMENT_TEMPLATE = WORD_DIR / "kiem_diem.docx"
COMMITMENT_TEMPLATE = WORD_DIR / "dang_ky.docx"

MEMBER_TITLE = "BẢN TỰ KIỂM ĐIỂM VÀ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM {year}"
CELL_TITLE = "BẢN TỰ KIỂM ĐIỂM VÀ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CHI BỘ NĂM {year}"
MEMBER_REGISTER_TITLE = (
    "BẢN ĐĂNG KÝ VIỆC LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM {year}"
)
CELL_REGISTER_TITLE = "BẢN ĐĂNG KÝ CÁC NHIỆM VỤ KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM NĂM {year}"
GROUP_LABELS = {"general": "Các tiêu chí chung", "tasks": "Kết quả thực hiện nhiệm vụ"}
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
# A date still to be written by hand on the printed form.
BLANK_DATE = "ngày ….. tháng ….. năm ……"
STATUS_LABELS = {
    MemberStatus.FULL: "Đảng viên chính thức",
    MemberStatus.PROBATIONARY: "Đảng viên dự bị",
    MemberStatus.EXEMPT: "Đảng viên được miễn sinh hoạt",
}


# Shared pieces ----------------------------------------------------------------------


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _place_date(place: str, moment: dt.datetime | None) -> str:
    """The place and date, e.g. "Vũ Ninh, ngày 20 tháng 12 năm 2026"; without a moment,
    a blank date to fill in by hand."""
    long_date = vi_long_date(timezone.localtime(moment).date()) if moment else BLANK_DATE
    return f"{place}, {long_date}" if place else _capitalized(long_date)


def _grade_label(code: str) -> str:
    return Grade(code).label if code in Grade.values else ""


def _header(cell, parent_name: str, moment: dt.datetime | None) -> dict:
    return {
        "organization": {"name": cell.name, "parent_name": parent_name},
        "parent_upper": parent_name.upper(),
        "cell_upper": cell.name.upper(),
        "national": NATIONAL,
        "place_date": _place_date(place_of(parent_name, cell.address), moment),
        "draft": False,
        "draft_label": DRAFT_LABEL,
    }


def _parent_name(cell) -> str:
    return names_by_path([cell.parent_path]).get(cell.parent_path, "")


def _secretary_name(cell) -> str:
    return (
        PartyMember.objects.filter(organization=cell, position=Position.SECRETARY)
        .order_by("sort_key", "id")
        .values_list("full_name", flat=True)
        .first()
        or ""
    )


def _day(value: dt.date | None) -> str:
    return vi_short_date(value) if value else ""


def _signatures(
    left_heads: list[str], left_name: str, right_heads: list[str], right_name: str
) -> dict:
    """Two signature blocks; the shorter heading is padded so both names sit level."""
    lines = max(len(left_heads), len(right_heads))
    return {
        "left_heads": left_heads + [""] * (lines - len(left_heads)),
        "left_name": left_name,
        "right_heads": right_heads + [""] * (lines - len(right_heads)),
        "right_name": right_name,
        "recipients": [],
    }


def _cell_signatures(parent_name: str, secretary: str) -> dict:
    recipients = [f"- {committee_of(parent_name)},"] if parent_name else []
    return {
        "left_heads": [],
        "left_name": "",
        "right_heads": ["T/M CHI BỘ", "BÍ THƯ"],
        "right_name": secretary,
        "recipients": recipients + ["- Lưu Chi bộ."],
    }


def _member_details(member: PartyMember, cell) -> list[dict]:
    rows = [
        {"label": "Họ và tên", "value": member.full_name},
        {"label": "Ngày sinh", "value": _day(member.date_of_birth)},
        {"label": "Ngày vào Đảng", "value": _day(member.admitted_on)},
    ]
    if member.full_member_on:
        rows.append({"label": "Ngày chính thức", "value": _day(member.full_member_on)})
    rows += [
        {"label": "Chức vụ trong chi bộ", "value": member.get_position_display()},
        {"label": "Trạng thái", "value": STATUS_LABELS.get(member.status, "")},
        {"label": "Chi bộ", "value": cell.name},
    ]
    if member.residence_organization_id:
        rows.append({"label": "Chi bộ nơi cư trú", "value": member.residence_organization.name})
    return rows


def _cell_details(cell, parent_name: str, secretary: str) -> list[dict]:
    rows = [{"label": "Tên chi bộ", "value": cell.name}]
    if parent_name:
        rows.append({"label": "Trực thuộc", "value": parent_name})
    if cell.kind:
        rows.append({"label": "Loại hình", "value": cell.get_kind_display()})
    count = PartyMember.objects.filter(organization=cell).count()
    rows.append({"label": "Số đảng viên", "value": f"{count} đồng chí"})
    if secretary:
        rows.append({"label": "Bí thư", "value": secretary})
    return rows


# Evidence in words --------------------------------------------------------------------


def _commitment_text(c: dict, *, noun: str) -> str:
    if not c["registered"]:
        return "chưa đăng ký."
    approved = "đã được chi ủy duyệt" if c["approved"] else "chưa được duyệt"
    return (
        f"{c['items']} {noun} ({approved}); hoàn thành {c['met']}, hoàn thành một phần "
        f"{c['partly']}, chưa hoàn thành {c['not_met']}, chưa đánh giá {c['pending']}."
    )


def _residence_text(r: dict) -> str:
    if r["written"]:
        counts = []
        ratings = list((r.get("ratings") or {}).values())
        for value, label in ResidenceRating.choices:
            if ratings.count(value):
                counts.append(f"{label.lower()}: {ratings.count(value)} nội dung")
        comment = (r.get("comment") or "").strip().rstrip(".")
        text = f"{comment}." if comment else "đã có."
        return f"{text} ({'; '.join(counts)})" if counts else text
    if r.get("exempt_reason"):
        return f"được miễn ({r['exempt_reason']})."
    if r.get("required"):
        return "chưa có nhận xét của chi ủy nơi cư trú."
    return "không thuộc diện (sinh hoạt tại nơi cư trú)."


def member_evidence_lines(ev: dict) -> list[dict]:
    """The member's evidence (chibo.grading.evidence.members_evidence) as lines."""
    m, t = ev["meetings"], ev["tasks"]
    meetings = (
        f"dự {m['present']} buổi; vắng có lý do {m['excused']} buổi; vắng không lý do "
        f"{m['unexcused']} buổi"
    )
    if m["unexcused"]:
        meetings += f" (trong {m['unexcused_months']} tháng)"
    meetings += "."
    lines = [{"lead": "Sinh hoạt chi bộ: ", "text": meetings}]
    if m.get("excused_reasons"):
        lines.append({"lead": "Lý do vắng: ", "text": "; ".join(m["excused_reasons"]) + "."})
    if ev.get("absence_flag"):
        lines.append(
            {
                "lead": "Cảnh báo: ",
                "text": f"vắng sinh hoạt không lý do {m['unexcused_months']} tháng trong năm "
                f"(từ {ev['absence_threshold']} tháng trở lên phải xem xét xóa tên).",
            }
        )
    if t["assigned"]:
        tasks = (
            f"{t['assigned']} nhiệm vụ; hoàn thành đúng hạn {t['on_time']}, hoàn thành trễ hạn "
            f"{t['late']}, đang thực hiện {t['open']}."
        )
    else:
        tasks = "không được phân công qua các kỳ sinh hoạt."
    lines.append({"lead": "Nhiệm vụ được phân công: ", "text": tasks})
    lines.append(
        {
            "lead": "Việc làm theo đã đăng ký: ",
            "text": _commitment_text(ev["commitments"], noun="việc"),
        }
    )
    lines.append({"lead": "Nhận xét nơi cư trú: ", "text": _residence_text(ev["residence"])})
    disciplines = ev.get("discipline") or []
    if disciplines:
        text = "; ".join(f"{d['form']} ngày {d['on']} – {d['reason']}" for d in disciplines) + "."
    else:
        text = "không."
    lines.append({"lead": "Kỷ luật trong năm: ", "text": text})
    return lines


def cell_evidence_lines(ev: dict) -> list[dict]:
    """The cell's evidence (chibo.grading.evidence.cells_evidence) as lines."""
    bands = ", ".join(f"{band} {n}" for band, n in (ev.get("bands") or {}).items())
    t, q = ev["tasks"], ev["concerns"]
    return [
        {
            "lead": "Sinh hoạt chi bộ: ",
            "text": f"thường kỳ {ev['regular_months']}/12 tháng có biên bản được thông qua; "
            f"chuyên đề {ev['thematic_quarters']}/4 quý; sinh hoạt chi ủy "
            f"{ev['committee_meetings']} buổi.",
        },
        {
            "lead": "Chất lượng sinh hoạt thường kỳ: ",
            "text": f"{bands}." if bands else "chưa có buổi nào được chấm điểm.",
        },
        {
            "lead": "Nhiệm vụ phân công cho đảng viên: ",
            "text": f"{t['assigned']} nhiệm vụ; đã kiểm điểm {t['reviewed']}; đã hoàn thành "
            f"{t['done']}.",
        },
        {
            "lead": "Kiến nghị phản ánh lên cấp ủy cấp trên: ",
            "text": f"{q['raised']}; đã được trả lời {q['answered']}.",
        },
        {
            "lead": "Nhiệm vụ khắc phục hạn chế đã đăng ký: ",
            "text": _commitment_text(ev["commitments"], noun="nhiệm vụ"),
        },
    ]


# The assessment ---------------------------------------------------------------------


def _score(scores: dict, code: str) -> str:
    value = scores.get(code)
    return vi_number(value) if value not in (None, "") else ""


def _groups(form: dict, scores: dict) -> tuple[list[dict], dict]:
    groups, number = [], 0
    total_max = 0.0
    for index, key in enumerate(("general", "tasks")):
        criteria = form.get(key) or []
        rows = []
        for criterion in criteria:
            number += 1
            rows.append(
                {
                    "number": str(number),
                    "label": criterion["label"],
                    "max": vi_number(criterion["points"]),
                    "self": _score(scores, criterion["code"]),
                    "review": "",
                }
            )
        group_max = sum(float(c["points"]) for c in criteria)
        total_max += group_max
        scored = [scores.get(c["code"]) for c in criteria]
        complete = bool(criteria) and all(s not in (None, "") for s in scored)
        groups.append(
            {
                "number": ROMAN[index],
                "label": GROUP_LABELS[key],
                "max": vi_number(group_max),
                "self": vi_number(sum(float(s) for s in scored)) if complete else "",
                "review": "",
                "rows": rows,
            }
        )
    return groups, {"max": vi_number(total_max), "self": "", "review": ""}


def _opinions(assessment: Assessment) -> list[dict]:
    lines = []
    if assessment.review_grade:
        text = _grade_label(assessment.review_grade)
        if assessment.review_total is not None:
            text += f" ({vi_number(assessment.review_total)} điểm)"
        if assessment.reviewed_at:
            text += f", ngày {vi_short_date(timezone.localtime(assessment.reviewed_at).date())}"
        lines.append({"lead": "Chi bộ đề xuất xếp loại: ", "text": text + "."})
        for line in paragraphs(assessment.review_note):
            lines.append({"lead": "", "text": line})
    if assessment.decided_grade:
        text = _grade_label(assessment.decided_grade)
        if assessment.decided_at:
            text += f", ngày {vi_short_date(timezone.localtime(assessment.decided_at).date())}"
        lines.append({"lead": "Cấp ủy cấp trên quyết định xếp loại: ", "text": text + "."})
        for line in paragraphs(assessment.decision_note):
            lines.append({"lead": "", "text": line})
    return lines


def assessment_context(assessment: Assessment, *, evidence: dict | None = None) -> dict:
    """What the form prints. The evidence is the one kept with the committee's decision
    when there is one, else read now (chibo.grading.evidence)."""
    cell = assessment.cell
    member = assessment.member
    parent_name = _parent_name(cell)
    secretary = _secretary_name(cell)
    form = form_for(assessment)
    scores = assessment.self_scores or {}
    if evidence is None:
        evidence = assessment.evidence or (
            cells_evidence([cell], assessment.year)[cell.pk]
            if assessment.is_cell
            else members_evidence([member], assessment.year)[member.pk]
        )
    groups, total = _groups(form, scores)
    total["self"] = vi_number(assessment.self_total)
    total["review"] = vi_number(assessment.review_total)
    if assessment.self_total is not None:
        total_lines = [
            {
                "lead": "Tổng điểm tự chấm: ",
                "text": f"{vi_number(assessment.self_total)}/{total['max']} điểm.",
            },
            {
                "lead": "Tự xếp loại: ",
                "text": f"{_grade_label(assessment.self_grade)}.",
            },
        ]
    else:
        total_lines = [{"lead": "", "text": "Chưa tự chấm điểm."}]
    amendment = ""
    if assessment.supersedes_id:
        amendment = "(Bản đính chính xếp loại"
        if assessment.correction_reason:
            amendment += f" – lý do: {assessment.correction_reason}"
        amendment += ")"
    if assessment.is_cell:
        title = CELL_TITLE.format(year=assessment.year)
        details = _cell_details(cell, parent_name, secretary)
        evidence_lines = cell_evidence_lines(evidence)
        signatures = _cell_signatures(parent_name, secretary)
    else:
        title = MEMBER_TITLE.format(year=assessment.year)
        details = _member_details(member, cell)
        evidence_lines = member_evidence_lines(evidence)
        signatures = _signatures(
            ["T/M CHI BỘ", "BÍ THƯ"], secretary, ["NGƯỜI TỰ KIỂM ĐIỂM"], member.full_name
        )
    return {
        **_header(cell, parent_name, assessment.self_at),
        "is_cell": assessment.is_cell,
        "year": assessment.year,
        "title": title,
        "abstract": "",
        "amendment": amendment,
        "details": details,
        "groups": groups,
        "total": total,
        "total_lines": total_lines,
        "self_note": paragraphs(assessment.self_note),
        "evidence": evidence_lines,
        "opinions": _opinions(assessment),
        "signatures": signatures,
    }


# The commitment register ------------------------------------------------------------


def _approval_lines(commitment: Commitment) -> list[dict]:
    status = commitment.status
    if status == CommitmentStatus.APPROVED:
        text = "Chi ủy đã duyệt"
        if commitment.approved_at:
            text += f" ngày {vi_short_date(timezone.localtime(commitment.approved_at).date())}"
        lines = [{"lead": "Duyệt đăng ký: ", "text": text + "."}]
    elif status == CommitmentStatus.SUBMITTED:
        lines = [{"lead": "Duyệt đăng ký: ", "text": "đang chờ chi ủy duyệt."}]
    elif status == CommitmentStatus.RETURNED:
        lines = [{"lead": "Duyệt đăng ký: ", "text": "chi ủy trả lại để sửa."}]
    else:
        lines = [{"lead": "Duyệt đăng ký: ", "text": "bản đăng ký đang soạn, chưa gửi duyệt."}]
    for line in paragraphs(commitment.note):
        lines.append({"lead": "Ý kiến của chi ủy: " if len(lines) == 1 else "", "text": line})
    return lines


def commitment_context(commitment: Commitment) -> dict:
    cell = commitment.cell
    member = commitment.member
    parent_name = _parent_name(cell)
    secretary = _secretary_name(cell)
    items = list(commitment.items.prefetch_related("progress__meeting"))
    rows, progress = [], []
    for number, item in enumerate(items, 1):
        rows.append(
            {
                "number": str(number),
                "text": item.text,
                "measure": item.measure,
                "result": ItemResult(item.result).label if item.result else "",
            }
        )
        for note in item.progress.all():
            when = f"tháng {note.meeting.period:%m/%Y}"
            result = f" ({ItemResult(note.result).label.lower()})" if note.result else ""
            progress.append(f"- Việc {number}, {when}: {note.note}{result}.")
    year = commitment.year
    if commitment.is_cell:
        title = CELL_REGISTER_TITLE.format(year=year)
        abstract = ""
        intro = (
            f"{cell.name} đăng ký các nhiệm vụ khắc phục hạn chế, khuyết điểm trong năm {year} "
            "như sau:"
        )
        details = [{"label": "Tên chi bộ", "value": cell.name}]
        if parent_name:
            details.append({"label": "Trực thuộc", "value": parent_name})
        signatures = _cell_signatures(parent_name, secretary)
    else:
        topic = (
            StudyTopic.objects.filter(year=year, kind=TopicKind.HO_CHI_MINH)
            .order_by("id")
            .values_list("title", flat=True)
            .first()
        )
        title = MEMBER_REGISTER_TITLE.format(year=year)
        abstract = f"Chuyên đề năm {year}: {topic}" if topic else ""
        intro = f"Tôi đăng ký thực hiện những việc làm theo trong năm {year} như sau:"
        details = [
            {"label": "Họ và tên", "value": member.full_name},
            {"label": "Chức vụ trong chi bộ", "value": member.get_position_display()},
            {"label": "Chi bộ", "value": cell.name},
        ]
        signatures = _signatures(
            ["T/M CHI BỘ", "BÍ THƯ"], secretary, ["NGƯỜI ĐĂNG KÝ"], member.full_name
        )
    return {
        **_header(cell, parent_name, commitment.approved_at),
        "is_cell": commitment.is_cell,
        "year": year,
        "title": title,
        "abstract": abstract,
        "amendment": "",
        "details": details,
        "intro": intro,
        "items": rows,
        "progress": progress,
        "approval_lines": _approval_lines(commitment),
        "signatures": signatures,
    }


# Renderers ----------------------------------------------------------------------------


def _docx(template: Path, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def assessment_html(assessment: Assessment) -> str:
    return render_to_string("documents/grading_form.html", {"d": assessment_context(assessment)})


def commitment_html(commitment: Commitment) -> str:
    return render_to_string("documents/commitment.html", {"d": commitment_context(commitment)})


def assessment_docx(assessment: Assessment) -> bytes:
    return _docx(ASSESSMENT_TEMPLATE, assessment_context(assessment))


def assessment_pdf(assessment: Assessment) -> bytes:
    return html_pdf(assessment_html(assessment))


def commitment_docx(commitment: Commitment) -> bytes:
    return _docx(COMMITMENT_TEMPLATE, commitment_context(commitment))


def commitment_pdf(commitment: Commitment) -> bytes:
    return html_pdf(commitment_html(commitment))


def assessment_filename(assessment: Assessment, extension: str) -> str:
    """ASCII, e.g. phieu-danh-gia-2026-tran-van-bao.pdf or
    phieu-danh-gia-2026-chi-bo-khu-pho-a1.docx."""
    who = assessment.cell.name if assessment.is_cell else assessment.member.full_name
    return f"phieu-danh-gia-{assessment.year}-{slug(who)}.{extension}"


def commitment_filename(commitment: Commitment, extension: str) -> str:
    who = commitment.cell.name if commitment.is_cell else commitment.member.full_name
    return f"dang-ky-{commitment.year}-{slug(who)}.{extension}"
