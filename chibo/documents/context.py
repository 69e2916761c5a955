"""The minutes snapshot turned into what a document prints, defined once for Word and PDF.

`document_context(snapshot)` returns a dict of display strings and small lists. The Word
templates (chibo/documents/word/*.docx, rendered by docxtpl's Jinja) get it as their whole
context; the HTML templates (Django) get it as `d`. A committee editing a Word template
can use any key below, and also the raw snapshot parts `organization`, `meeting`,
`counts`, `vote`, `score`, e.g. `{{ organization.name|upper }}`.

Keys: parent_upper, cell_upper, national, place, place_date, draft, draft_label,
minutes_number, resolution_number ("05-NQ/CB", printed "Số 05-NQ/CB" under the star),
abstract, resolution_abstract, amendment, time_line, place_line, chair, minute_taker,
chair_line, minute_taker_line, guests, counts_line, present_line, absent_line,
absentees, not_counted_line, not_counted (lines, one per state: "1 đồng chí bị tạm giam:
đồng chí …"), dues_line, agenda, proceedings [{title, paragraphs: [{lead, text}]}], conclusion,
conclusion_paragraphs, new_tasks [{title, assignee, deadline}], task_lines, task_reviews
[{task, assignee, result, comment}], resolution_paragraphs, next_month_paragraphs,
review {results, shortcomings, causes} (lists of paragraphs), vote_rule_line (the
majority applied and the voters it was judged against; "" on minutes adopted before it was
recorded), vote_line, vote_outcome,
score_rows [{number, label, points, max}], score_line, score_summary, closing,
review_month_label, plan_month_label, opening, implementation, recipients.

Dates and numbers are written the Vietnamese way: 03/03/2026, "ngày 03 tháng 3 năm 2026",
"85,7%".
"""

import datetime as dt
import re

from django.utils import timezone

NATIONAL = "ĐẢNG CỘNG SẢN VIỆT NAM"
DRAFT_LABEL = "DỰ THẢO"
DRAFT_WORDS = re.compile(r"^\s*dự\s+thảo\s+", re.IGNORECASE)
# Words that name an administrative unit in a committee's name: what follows is the place
# ("Đảng bộ phường Vũ Ninh" → "Vũ Ninh").
_UNITS = r"(?:phường|xã|thị trấn|thị xã|thành phố|quận|huyện|đặc khu|tỉnh)"
_UNIT = re.compile(rf"\b{_UNITS}\s+(?!ủy\b|uỷ\b)(.+?)\s*(?:,|\s-\s|\s{_UNITS}\b|$)", re.IGNORECASE)

IMPLEMENTATION = (
    "Chi ủy (bí thư) chi bộ có trách nhiệm lãnh đạo, tổ chức thực hiện nghị quyết; đảng viên "
    "được phân công thực hiện và báo cáo kết quả tại kỳ sinh hoạt sau."
)

SECTION_TITLES = {
    "review": "Đánh giá kết quả thực hiện nghị quyết tháng trước",
    "news": "Thông tin thời sự, chủ trương, chính sách mới",
    "study": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "discussion": "Thảo luận",
    "criticism": "Tự phê bình và phê bình",
    "next": "Phương hướng, nhiệm vụ tháng tới",
}


# Formatting -------------------------------------------------------------------------


def vi_number(value, decimals: int = 1) -> str:
    """85.7 → "85,7"; 100.0 → "100"; None → ""."""
    if value is None:
        return ""
    text = f"{float(value):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def vi_long_date(day: dt.date) -> str:
    """The long date, e.g. "ngày 03 tháng 3 năm 2026": the day always in two digits, the
    month in two digits only for January and February (as in the document rules)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vi_short_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def vi_clock(moment: dt.datetime) -> str:
    """08:05 → "08 giờ 05 phút", as party documents write a time."""
    return f"{moment:%H} giờ {moment:%M} phút"


def without_draft_words(text: str | None) -> str:
    """A draft resolution's text as the adopted one starts: "Dự thảo nghị quyết tháng
    3…" → "Nghị quyết tháng 3…" (the draft label belongs to the draft only)."""
    rest = DRAFT_WORDS.sub("", text or "", count=1)
    if rest == (text or ""):
        return rest
    return rest[:1].upper() + rest[1:]


def _local(iso: str | None) -> dt.datetime | None:
    if not iso:
        return None
    moment = dt.datetime.fromisoformat(iso)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment)


def paragraphs(text: str | None) -> list[str]:
    """A text field as its non-empty lines, each one paragraph."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def place_of(parent_name: str, address: str = "") -> str:
    """The place printed before the date: the ward, commune or town of the higher
    committee's name, else the cell's address, else nothing."""
    match = _UNIT.search(" ".join((parent_name or "").split()))
    if match and match.group(1).strip():
        return match.group(1).strip()
    return (address or "").strip()


def committee_of(parent_name: str) -> str:
    """Who receives the resolution: "Đảng bộ phường A" → "Đảng ủy phường A"."""
    name = (parent_name or "").strip()
    if name.lower().startswith("đảng bộ "):
        return "Đảng ủy " + name[len("đảng bộ ") :]
    return name


def _comrade(name: str) -> str:
    return f"đồng chí {name}" if name else ""


def _month_label(day: dt.date) -> str:
    return f"tháng {day.month} năm {day.year}"


def _previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# Parts ------------------------------------------------------------------------------


def _absent(counts: dict) -> int:
    """Absent among those who count: members away on the day (snapshot "not_counted") are
    in neither figure; before they were recorded apart, excused + unexcused was all who
    were not present, so this reads every snapshot alike."""
    return counts.get("excused", 0) + counts.get("unexcused", 0)


def _counts(counts: dict) -> tuple[str, str, str]:
    total = counts.get("total", 0)
    absent = _absent(counts)
    counts_line = (
        f"Tổng số đảng viên của chi bộ: {total} đồng chí (chính thức {counts.get('full', 0)}, "
        f"dự bị {counts.get('probationary', 0)}, miễn sinh hoạt {counts.get('exempt', 0)})."
    )
    present_line = f"Có mặt: {counts.get('present', 0)} đồng chí"
    if counts.get("attendance_rate") is not None:
        present_line += (
            f" (đạt {vi_number(counts['attendance_rate'])}% số đảng viên phải dự sinh hoạt)"
        )
    present_line += "."
    if absent:
        absent_line = (
            f"Vắng: {absent} đồng chí (có lý do {counts.get('excused', 0)}, "
            f"không có lý do {counts.get('unexcused', 0)}):"
        )
    else:
        absent_line = "Vắng: không."
    return counts_line, present_line, absent_line


def _absentee(entry: dict) -> str:
    name = f"Đồng chí {entry['name']}"
    if entry.get("member_status") == "exempt":
        name += " (miễn sinh hoạt)"
    if entry.get("presence") == "excused":
        reason = (entry.get("reason") or "").strip().rstrip(".")
        return f"{name}, có lý do: {reason}." if reason else f"{name}, có lý do."
    return f"{name}, không có lý do."


def _not_counted(snapshot: dict) -> tuple[str, list[str]]:
    """("Không tính vào số phải có mặt: 2 đồng chí:", ["1 đồng chí bị đình chỉ sinh hoạt:
    đồng chí Đặng Văn Hải.", …]), or ("", []) when nobody was away."""
    not_counted = snapshot.get("not_counted")
    if not not_counted:
        return "", []
    return f"{not_counted['line']}:", [f"{g['line']}." for g in not_counted["groups"]]


def _guest(guest: dict) -> str:
    text = f"Đồng chí {guest['name']}"
    if guest.get("office"):
        text += f", {guest['office']}"
    return text + "."


def _lead_paragraphs(lead: str, text: str | None) -> list[dict]:
    """A labelled text: the label in bold before its first line."""
    lines = paragraphs(text)
    if not lines:
        return []
    first = {"lead": f"{lead} " if lead else "", "text": lines[0]}
    return [first] + [{"lead": "", "text": line} for line in lines[1:]]


def _speeches(snapshot: dict, section: str) -> list[dict]:
    rows = []
    for speech in snapshot.get("speeches", []):
        if speech.get("section") != section:
            continue
        lines = paragraphs(speech.get("text"))
        if not lines:
            continue
        rows.append({"lead": f"Đồng chí {speech['speaker']}: ", "text": lines[0]})
        rows += [{"lead": "", "text": line} for line in lines[1:]]
    return rows


def _review_line(row: dict) -> str:
    text = f"- Đồng chí {row['assignee']}: {row['task']} – {row['result_label'].lower()}"
    comment = (row.get("comment") or "").strip().rstrip(".")
    return f"{text} ({comment})." if comment else f"{text}."


def _proceedings(snapshot: dict) -> list[dict]:
    content = snapshot.get("content", {})
    blocks = {
        "review": (
            _lead_paragraphs("Kết quả đạt được:", content.get("review_results"))
            + _lead_paragraphs("Tồn tại, hạn chế:", content.get("review_shortcomings"))
            + _lead_paragraphs("Nguyên nhân:", content.get("review_causes"))
            + (
                [{"lead": "Kiểm điểm nhiệm vụ được phân công:", "text": ""}]
                + [
                    {"lead": "", "text": _review_line(row)}
                    for row in snapshot.get("task_reviews", [])
                ]
                if snapshot.get("task_reviews")
                else []
            )
        ),
        "news": (
            _lead_paragraphs("", content.get("news"))
            + _lead_paragraphs("Chủ trương, chính sách mới:", content.get("new_policies"))
        ),
        "study": _lead_paragraphs("", content.get("study_item")),
        "discussion": [],
        "criticism": _lead_paragraphs("", content.get("self_criticism")),
        "next": _lead_paragraphs("", content.get("next_month")),
    }
    sections = []
    for key, title in SECTION_TITLES.items():
        rows = blocks[key] + _speeches(snapshot, key)
        if rows:
            sections.append({"title": f"{len(sections) + 1}. {title}", "paragraphs": rows})
    return sections


def _vote(vote: dict | None) -> tuple[str, str]:
    if vote is None:
        return "Chưa biểu quyết.", ""
    line = (
        f"{vote['for']}/{vote['eligible']} đồng chí tán thành, đạt tỷ lệ "
        f"{vi_number(vote['percent_for'])}%; {vote['against']} không tán thành; "
        f"{vote['abstain']} không biểu quyết."
    )
    outcome = "Nghị quyết được thông qua." if vote["passed"] else "Nghị quyết không được thông qua."
    return line, outcome


def _score(score: dict) -> tuple[list[dict], str]:
    items = score.get("items") or []
    rows = [
        {
            "number": str(index),
            "label": item["label"],
            "points": vi_number(item["points"]) if item["points"] is not None else "–",
            "max": vi_number(item["max"]),
        }
        for index, item in enumerate(items, 1)
    ]
    maximum = sum(item["max"] for item in items)
    total = vi_number(score.get("total") or 0)
    if not items:
        return [], ""
    if score.get("complete"):
        line = f"Tổng cộng: {total}/{vi_number(maximum)} điểm; xếp loại: {score['band']}."
    else:
        missing = sum(1 for item in items if item["points"] is None)
        line = (
            f"Chưa chấm đủ các tiêu chí (còn {missing} tiêu chí chưa chấm); tạm tính "
            f"{total}/{vi_number(maximum)} điểm, chưa xếp loại."
        )
    return rows, line


def _resolution_months(local: dt.datetime, period: dt.date) -> tuple[dt.date, dt.date]:
    """(month reviewed, month planned). A meeting early in its month (the rule since 2025
    is the 3rd) reviews the month before and plans its own; one late in the month (older
    practice) reviews its own month and plans the next."""
    if local.date().replace(day=1) == period and local.day > 15:
        return period, _next_month(period)
    return _previous_month(period), period


# The context ------------------------------------------------------------------------


def document_context(snapshot: dict) -> dict:
    meeting = snapshot["meeting"]
    organization = snapshot["organization"]
    counts = snapshot.get("counts", {})
    numbers = snapshot.get("numbers") or {}
    scheduled = _local(meeting["scheduled_at"])
    started = _local(meeting.get("started_at"))
    ended = _local(meeting.get("ended_at"))
    day = (started or scheduled).date()
    period = dt.date(meeting["year"], meeting["month"], 1)

    place = place_of(organization.get("parent_name", ""), organization.get("address", ""))
    long_date = vi_long_date(day)
    place_date = f"{place}, {long_date}" if place else long_date[0].upper() + long_date[1:]

    counts_line, present_line, absent_line = _counts(counts)
    not_counted_line, not_counted = _not_counted(snapshot)
    vote_line, vote_outcome = _vote(snapshot.get("vote"))
    vote_rule_line = ((snapshot.get("vote") or {}).get("rule") or {}).get("line", "")
    score_rows, score_line = _score(snapshot.get("score") or {})
    content = snapshot.get("content", {})
    chair = snapshot.get("chair", "")
    minute_taker = snapshot.get("minute_taker", "")

    if started:
        time_line = f"Bắt đầu lúc {vi_clock(started)} {vi_long_date(started.date())}."
    else:
        time_line = f"Dự kiến bắt đầu lúc {vi_clock(scheduled)} {vi_long_date(scheduled.date())}."

    closing = ""
    if snapshot.get("adopted_at"):
        if ended and started and ended.date() != started.date():
            end_text = f"{vi_clock(ended)}, {vi_long_date(ended.date())}"
        elif ended:
            end_text = f"{vi_clock(ended)} cùng ngày"
        else:
            end_text = ""
        closing = (
            f"Buổi sinh hoạt kết thúc vào hồi {end_text}. " if end_text else ""
        ) + "Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua."

    amendment = ""
    if (snapshot.get("version") or 1) > 1:
        amendment = f"(Bản đính chính lần {snapshot['version'] - 1}"
        if snapshot.get("amendment_reason"):
            amendment += f" – lý do: {snapshot['amendment_reason']}"
        amendment += ")"

    guests = sorted(snapshot.get("guests", []), key=lambda g: not g.get("is_higher_official"))
    new_tasks = [
        {"title": t["title"], "assignee": t["assignee"], "deadline": t["deadline_vi"]}
        for t in snapshot.get("new_tasks", [])
    ]
    task_reviews = [
        {
            "task": r["task"],
            "assignee": r["assignee"],
            "result": r["result_label"],
            "comment": r.get("comment", ""),
        }
        for r in snapshot.get("task_reviews", [])
    ]

    # Resolution
    reviewed, planned = _resolution_months(started or scheduled, period)
    regular = meeting.get("kind") == "regular"
    resolution_abstract = (
        f"Sinh hoạt chi bộ thường kỳ tháng {period.month} năm {period.year}"
        if regular
        else meeting.get("abstract", "")
    )
    absent = _absent(counts)
    opening = (
        f"{long_date[0].upper() + long_date[1:]}"
        + (f", tại {meeting['place']}" if meeting.get("place") else "")
        + f", {organization['name']} tổ chức "
        + (f"sinh hoạt chi bộ thường kỳ {_month_label(period)}" if regular else "sinh hoạt")
        + f". Tổng số đảng viên: {counts.get('total', 0)} đồng chí; có mặt: "
        f"{counts.get('present', 0)} đồng chí; vắng: {absent} đồng chí (có lý do: "
        f"{counts.get('excused', 0)}, không có lý do: {counts.get('unexcused', 0)}); miễn "
        f"sinh hoạt: {counts.get('exempt', 0)} đồng chí."
    )
    if not_counted:
        text = snapshot["not_counted"]["line"]
        opening = opening[:-1] + (
            f"; {text[:1].lower() + text[1:]} ({'; '.join(g[:-1] for g in not_counted)})."
        )
    if meeting.get("duration_minutes") is not None and started and ended:
        opening += (
            f" Thời gian sinh hoạt: {meeting['duration_minutes']} phút (từ {vi_clock(started)} "
            f"đến {vi_clock(ended)})."
        )
    if chair or minute_taker:
        parts = []
        if chair:
            parts.append(f"chủ trì: đồng chí {chair}")
        if minute_taker:
            parts.append(f"thư ký: đồng chí {minute_taker}")
        text = "; ".join(parts)
        opening += f" {text[0].upper() + text[1:]}."
    opening += (
        f" Sau khi nghe đánh giá kết quả lãnh đạo {_month_label(reviewed)}, thảo luận phương "
        f"hướng, nhiệm vụ {_month_label(planned)}, Chi bộ thống nhất ban hành nghị quyết "
        "như sau:"
    )

    return {
        # set only when the stored minutes no longer match their hash (snapshot.checked)
        "integrity_warning": snapshot.get("integrity_warning", ""),
        # raw parts of the snapshot, for committees editing a template
        "organization": organization,
        "meeting": meeting,
        "counts": counts,
        "vote": snapshot.get("vote"),
        "score": snapshot.get("score"),
        "version": snapshot.get("version") or 1,
        # header
        "parent_upper": (organization.get("parent_name") or "").upper(),
        "cell_upper": organization["name"].upper(),
        "national": NATIONAL,
        "place": place,
        "place_date": place_date,
        "draft": not snapshot.get("adopted_at"),
        "draft_label": DRAFT_LABEL,
        # "05-BB/CB", given at adoption (chibo.documents.numbering); "" on a draft and on
        # minutes adopted before numbers were given
        "minutes_number": numbers.get("minutes", ""),
        "resolution_number": numbers.get("resolution", ""),
        "abstract": meeting.get("abstract", ""),
        "resolution_abstract": resolution_abstract,
        "amendment": amendment,
        # minutes body
        "time_line": time_line,
        "place_line": meeting.get("place") or "",
        "chair": chair,
        "minute_taker": minute_taker,
        "chair_line": _comrade(chair),
        "minute_taker_line": _comrade(minute_taker),
        "guests": [_guest(g) for g in guests],
        "counts_line": counts_line,
        "present_line": present_line,
        "absent_line": absent_line,
        "absentees": [_absentee(a) for a in snapshot.get("absentees", [])],
        # members on the list but away on the day (sinh hoạt tạm thời nơi khác, bị đình
        # chỉ sinh hoạt, bị tạm giam): "" and [] when none, and on older minutes
        "not_counted_line": not_counted_line,
        "not_counted": not_counted,
        # "Thu đảng phí: 5 đồng chí đã đóng, tổng 125.000 đồng." or "" (chibo.dues)
        "dues_line": (snapshot.get("dues") or {}).get("line", ""),
        "agenda": [item for item in snapshot.get("agenda", []) if item.strip()],
        "proceedings": _proceedings(snapshot),
        "conclusion": content.get("conclusion", "").strip(),
        "conclusion_paragraphs": paragraphs(content.get("conclusion")),
        "new_tasks": new_tasks,
        "task_lines": [
            f"- {t['title']}: đồng chí {t['assignee']} thực hiện; thời hạn {t['deadline']}."
            for t in new_tasks
        ],
        "task_reviews": task_reviews,
        "resolution_paragraphs": paragraphs(content.get("resolution")),
        "next_month_paragraphs": paragraphs(content.get("next_month")),
        "review": {
            "results": paragraphs(content.get("review_results")),
            "shortcomings": paragraphs(content.get("review_shortcomings")),
            "causes": paragraphs(content.get("review_causes")),
        },
        "vote_rule_line": vote_rule_line,
        "vote_line": vote_line,
        "vote_outcome": vote_outcome,
        "score_rows": score_rows,
        "score_line": score_line,
        "score_summary": score_line or "Chưa chấm điểm.",
        "closing": closing,
        # resolution
        "review_month_label": _month_label(reviewed).upper(),
        "plan_month_label": _month_label(planned).upper(),
        "opening": opening,
        "implementation": IMPLEMENTATION,
        "recipients": (
            [f"- {committee_of(organization['parent_name'])},"]
            if organization.get("parent_name")
            else []
        )
        + ["- Đảng viên trong chi bộ,", "- Lưu Chi bộ."],
    }


def book_entry(snapshot: dict, index: int) -> dict:
    """One line of the minute book's table of contents."""
    meeting = snapshot["meeting"]
    day = (_local(meeting.get("started_at")) or _local(meeting["scheduled_at"])).date()
    return {
        "anchor": f"bien-ban-{index}",
        "month": f"{meeting['month']:02d}/{meeting['year']}",
        "kind": meeting.get("kind_label", ""),
        "topic": meeting.get("topic", ""),
        "date": vi_short_date(day),
    }
