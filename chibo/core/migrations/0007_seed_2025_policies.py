"""The 2025 texts as new versions, and the rules that were still literals in code.

Looked up (issue 13) in public copies of the texts and of the press reporting them:
- Quy định 366-QĐ/TW ngày 30/08/2025 của Bộ Chính trị (4 chương, 19 điều) replaced
  Quy định 124-QĐ/TW ngày 04/10/2023 (which had replaced QĐ 132-QĐ/TW of 08/03/2018).
  Điều 11: HTXSNV from 90 points, HTTNV 70 to under 90, HTNV 50 to under 70; the
  criteria frame is 30 points of general criteria + 70 of task results (its appendices).
  No 20% cap on HTXSNV was found in QĐ 366 or HD 43: the cap "không vượt quá 20% số
  HTTNV" is in HD 21-HD/BTCTW (2019) for members and in NĐ 335/2025/NĐ-CP for civil
  servants; the brief's value is kept and marked unconfirmed.
- Hướng dẫn 43-HD/BTCTW ngày 31/10/2025 (replaces HD 25-HD/BTCTW, 2023).
- Chỉ thị 50-CT/TW ngày 23/07/2025 của Ban Bí thư; Hướng dẫn 42-HD/BTCTW ngày 28/10/2025.
  HD 42 as quoted (luatvietnam.vn): a meeting lasts at least 90 minutes, 120 when the
  thematic meeting is held in the same session; the documents are posted on the Sổ tay
  đảng viên điện tử at least 01 day before. The 03 day and one thematic meeting a
  quarter could not be read in a copy of either text: those rows keep the brief's value
  and say "chưa đối chiếu được với văn bản".
- Quy định 294-QĐ/TW ngày 26/05/2025, hiệu lực từ 01/07/2025 (thi hành Điều lệ Đảng).

Rows whose figure was not read in a text carry UNCONFIRMED in their note; the Quy định
page shows them with a badge. Nothing earlier is edited: new versions only.
"""

import datetime as dt

from django.db import migrations

UNCONFIRMED = "Chưa đối chiếu được với văn bản"

QD366 = ("Quy định 366-QĐ/TW ngày 30/08/2025 của Bộ Chính trị; Hướng dẫn 43-HD/BTCTW "
         "ngày 31/10/2025 của Ban Tổ chức Trung ương")
QD366_ART11 = ("Quy định 366-QĐ/TW ngày 30/08/2025, Điều 11; Hướng dẫn 43-HD/BTCTW ngày "
               "31/10/2025 của Ban Tổ chức Trung ương")
CT50_HD42 = ("Chỉ thị 50-CT/TW ngày 23/07/2025 của Ban Bí thư; Hướng dẫn 42-HD/BTCTW ngày "
             "28/10/2025 của Ban Tổ chức Trung ương")
HD42_CONFIRMED = "Đã đối chiếu: Hướng dẫn 42-HD/BTCTW (bản trích đăng trên luatvietnam.vn)"
QD294 = "Điều lệ Đảng; Quy định 294-QĐ/TW ngày 26/05/2025 (hiệu lực từ 01/07/2025)"
HD12 = "Hướng dẫn 12-HD/BTCTW ngày 18/01/2018 của Ban Tổ chức Trung ương"
CHIBO = "Mặc định của Chibo; thay bằng quy định của cấp ủy"
WARD = "Thang điểm của một đảng ủy phường (mặc định của Chibo); thay bằng quy định của cấp ủy"

D2018 = dt.date(2018, 1, 1)
D366 = dt.date(2025, 8, 30)
D43 = dt.date(2025, 10, 31)
D42 = dt.date(2025, 10, 28)
D294 = dt.date(2025, 7, 1)

THRESHOLDS = [["HTXSNV", 90], ["HTTNV", 70], ["HTNV", 50], ["KHTNV", 0]]

AGENDA_REGULAR = [
    "Khai mạc: thu đảng phí; điểm danh (tổng số, chính thức, dự bị, miễn sinh hoạt, có mặt, "
    "vắng có lý do, vắng không lý do); giới thiệu khách mời; thông qua chương trình; cử thư ký",
    "Đánh giá kết quả thực hiện nghị quyết tháng trước: kết quả, tồn tại, hạn chế, nguyên "
    "nhân; kiểm điểm nhiệm vụ được phân công của từng đảng viên",
    "Thông tin thời sự trong nước, quốc tế, địa phương; chủ trương, chính sách mới",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Thảo luận; tự phê bình và phê bình",
    "Phương hướng, nhiệm vụ tháng tới; phân công nhiệm vụ",
    "Kết luận của đồng chí chủ trì; biểu quyết nghị quyết; chấm điểm chất lượng buổi sinh "
    "hoạt; thông qua biên bản",
]
AGENDA_THEMATIC = [
    "Khai mạc: điểm danh; giới thiệu khách mời; thông qua chương trình; cử thư ký",
    "Trình bày chuyên đề",
    "Thảo luận chuyên đề",
    "Đồng chí bí thư kết luận; biểu quyết; thông qua biên bản",
]


def _member_form(apps):
    """The 2018 forms' structure, kept: QĐ 366 keeps 30 + 70 points; the points of each
    criterion in its appendices were not read, so the grading screens keep their codes."""
    Policy = apps.get_model("core", "Policy")
    rows = {}
    for key in ("grading.member_form", "grading.cell_form", "grading.member_conditions",
                "grading.cell_conditions"):
        row = Policy.objects.filter(key=key, issuer__isnull=True).order_by(
            "-effective_from").first()
        rows[key] = row.value if row else None
    return rows


def policies(apps):
    previous = _member_form(apps)
    rows = [
        # --- year-end grading (QĐ 366, HD 43) ---------------------------------------
        ("grading.thresholds", QD366_ART11,
         "Đã đối chiếu: Điều 11 Quy định 366-QĐ/TW — HTXSNV từ 90 điểm trở lên; HTTNV từ 70 "
         "đến dưới 90; HTNV từ 50 đến dưới 70; KHTNV dưới 50 (cùng các điều kiện kèm theo "
         "từng mức). Giá trị như phiên bản 30/08/2025, nay ghi rõ điều khoản.",
         D43, THRESHOLDS),
        ("grading.excellent_cap", QD366,
         f"{UNCONFIRMED}: chưa thấy tỷ lệ trần HTXSNV trong Quy định 366-QĐ/TW và Hướng dẫn "
         "43-HD/BTCTW; mức «không quá 20% số HTTNV» có trong Hướng dẫn 21-HD/BTCTW (2019) và "
         "Nghị định 335/2025/NĐ-CP (với công chức). Giữ 20% số HTTNV cho đến khi đối chiếu "
         "được; [tử số, mẫu số].", D366, [1, 5]),
    ]
    if previous["grading.member_form"] is not None:
        rows += [
            ("grading.member_form", QD366,
             "Khung tiêu chí 100 điểm: nhóm tiêu chí chung 30 điểm, nhóm kết quả thực hiện "
             f"nhiệm vụ 70 điểm (phụ lục Quy định 366-QĐ/TW). {UNCONFIRMED}: điểm của từng "
             "tiêu chí trong phụ lục; giữ cách chia của phiên bản trước.",
             D366, previous["grading.member_form"]),
            ("grading.cell_form", QD366,
             "Tập thể: 30 điểm tiêu chí chung, 70 điểm kết quả thực hiện nhiệm vụ (phụ lục "
             f"Quy định 366-QĐ/TW). {UNCONFIRMED}: điểm của từng tiêu chí.",
             D366, previous["grading.cell_form"]),
            ("grading.member_conditions", QD366,
             "Điều 11 Quy định 366-QĐ/TW thêm điều kiện cho mức HTXSNV: hoàn thành 100% "
             "nhiệm vụ, ít nhất 30% vượt mức, khắc phục 100% hạn chế đã chỉ ra. "
             f"{UNCONFIRMED}: điều kiện đầy đủ của từng mức; Chibo kiểm tra các điều kiện "
             "có dữ liệu, cấp ủy xem xét phần còn lại.",
             D366, previous["grading.member_conditions"]),
            ("grading.cell_conditions", QD366,
             "Tập thể HTXSNV: hoàn thành 100% nhiệm vụ, ít nhất 30% vượt mức, không có "
             f"đơn vị trực thuộc hoặc thành viên bị kỷ luật (Điều 11). {UNCONFIRMED}: điều "
             "kiện đầy đủ của từng mức.",
             D366, previous["grading.cell_conditions"]),
        ]
    rows += [
        ("grading.serious_discipline", CHIBO,
         "Các hình thức kỷ luật trong năm khiến đảng viên bị xếp «Không hoàn thành nhiệm "
         "vụ» (điều kiện serious_discipline): mặc định từ cảnh cáo trở lên. "
         f"{UNCONFIRMED}.", D2018, ["warning", "dismissal", "expulsion"]),
        # --- meetings (Chỉ thị 50, HD 42) -------------------------------------------
        ("meeting.regular_day", CT50_HD42,
         f"Sinh hoạt chi bộ định kỳ vào ngày 03 hằng tháng. {UNCONFIRMED}: ngày 03 theo "
         "yêu cầu của dự án; chưa đọc được văn bản gốc.", D42, 3),
        ("meeting.min_minutes", CT50_HD42,
         f"Thời lượng tối thiểu buổi sinh hoạt thường kỳ. {HD42_CONFIRMED}: «thời lượng "
         "sinh hoạt chi bộ phải bảo đảm tối thiểu 90 phút».", D42, 90),
        ("meeting.min_minutes_combined", CT50_HD42,
         "Thời lượng tối thiểu khi sinh hoạt chuyên đề cùng buổi với sinh hoạt thường kỳ. "
         f"{HD42_CONFIRMED}: sinh hoạt chuyên đề và thường kỳ trong cùng một buổi thì tối "
         "thiểu 120 phút.", D42, 120),
        ("meeting.thematic_per_quarter", CT50_HD42,
         f"Số buổi sinh hoạt chuyên đề tối thiểu mỗi quý. {UNCONFIRMED}: giữ 1 buổi.",
         D42, 1),
        ("meeting.document_lead_days", CT50_HD42,
         "Tài liệu phải đến đảng viên trước giờ sinh hoạt ít nhất số ngày này (Chibo tính "
         f"đủ 24 giờ mỗi ngày). {HD42_CONFIRMED}: tài liệu sinh hoạt chi bộ được đăng tải "
         "trên ứng dụng Sổ tay đảng viên điện tử ít nhất 01 ngày trước khi sinh hoạt.",
         D42, 1),
        ("meeting.quorum", QD294,
         "Bỏ áp dụng: chưa tìm thấy văn bản quy định tỷ lệ đảng viên phải có mặt để buổi "
         "sinh hoạt thường kỳ hợp lệ. Nghị quyết vẫn phải được quá nửa tổng số đảng viên "
         "chính thức tính vào tổng số tán thành (vote.majority), nên buổi vắng nhiều không "
         "thông qua được nghị quyết. Giá trị [0, 1]: không đòi hỏi tỷ lệ có mặt tối thiểu.",
         D294, [0, 1]),
        # --- literals moved into rules ---------------------------------------------
        ("meeting.excused_absence_limit", WARD,
         "Thang điểm không cộng điểm thưởng chuyên cần khi có đảng viên vắng có lý do quá "
         "số buổi liên tiếp này (không tính đảng viên được miễn sinh hoạt).", D2018, 3),
        ("task.partly_share", CHIBO,
         "Nhiệm vụ hoàn thành một phần được tính bằng phần này của nhiệm vụ hoàn thành khi "
         "chấm tiêu chí kết quả thực hiện nghị quyết tháng trước; [tử số, mẫu số].",
         D2018, [1, 2]),
        ("meeting.agenda_regular", HD12,
         "Chương trình mặc định của buổi sinh hoạt thường kỳ (trình tự theo hướng dẫn).",
         D2018, AGENDA_REGULAR),
        ("meeting.agenda_thematic", HD12,
         "Chương trình mặc định của buổi sinh hoạt chuyên đề.", D2018, AGENDA_THEMATIC),
        ("supervision.attend_days", CHIBO,
         "Số ngày tới mà danh sách buổi sinh hoạt cần dự của cấp ủy viên theo dõi chi bộ "
         "hiển thị.", D2018, 90),
    ]
    return rows


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for key, basis, note, effective_from, value in policies(apps):
        Policy.objects.get_or_create(
            key=key, effective_from=effective_from, issuer=None,
            defaults={"value": value, "legal_basis": basis, "note": note},
        )


def unseed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for key, _basis, _note, effective_from, _value in policies(apps):
        Policy.objects.filter(key=key, effective_from=effective_from,
                              issuer__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0006_history_of_every_write")]
    operations = [migrations.RunPython(seed, unseed)]
