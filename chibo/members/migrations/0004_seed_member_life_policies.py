"""The figures of a member's life in the cell, as policy rows (each with what was read).

Read (public copies of the texts, December 2026):
- Điều lệ Đảng (2011), Điều 5: probation of twelve months from the day the cell holds the
  admission ceremony; at its end the cell considers each member one by one and votes as
  for admission; one who is not qualified is proposed for striking from the list.
- Quy định 29-QĐ/TW (25/7/2016), điểm 4.2, kept as điểm 4.2.1–4.2.3 of Quy định
  24-QĐ/TW (30/7/2021): within 30 working days of the end of the 12 months the cell must
  consider and propose; a qualified member is recognized as of the end of the 12 months
  even when the cell or the committee is late; after 3 votes short of two thirds the
  cell reports to the higher committee, which decides.
- Quy định 294-QĐ/TW (26/5/2025, in force 01/7/2025) replaces them and covers the same
  subjects (press summaries); its own text was not read here, so the rows keep the dates
  of the texts read. A committee admin adds a version if 294 changed a figure.
Not found in any text: how long before the end the committee is told; that figure is
Chibo's own reminder (a working setting, not a rule of the Party).
"""

import datetime as dt

from django.db import migrations

CHARTER = dt.date(2011, 1, 19)
QD29 = dt.date(2016, 7, 25)

POLICIES = [
    ("member.probation_months", 12, CHARTER,
     "Điều lệ Đảng, Điều 5 khoản 1",
     "Thời kỳ dự bị mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp. Ngày hết dự "
     "bị: cùng ngày của tháng thứ 12 sau ngày kết nạp (tháng ngắn hơn thì ngày cuối tháng)."),
    ("member.recognition_deadline_working_days", 30, QD29,
     "Quy định 29-QĐ/TW (2016) điểm 4.2; Quy định 24-QĐ/TW (2021) điểm 4.2.1",
     "Trong 30 ngày làm việc kể từ ngày đảng viên hết 12 tháng dự bị, chi bộ phải xét và "
     "đề nghị công nhận chính thức (không đủ điều kiện thì đề nghị xóa tên). Ngày làm việc "
     "tính thứ Hai đến thứ Sáu; Chibo chưa trừ ngày lễ, Tết. Chưa đối chiếu văn bản Quy "
     "định 294-QĐ/TW (2025)."),
    ("member.recognition_vote_rounds", 3, QD29,
     "Quy định 29-QĐ/TW (2016) điểm 4.2 c; Quy định 24-QĐ/TW (2021) điểm 4.2.3",
     "Chi bộ đã qua 3 lần biểu quyết mà không đủ hai phần ba số đảng viên chính thức tán "
     "thành thì báo cáo cấp ủy cấp trên trực tiếp và cấp ủy có thẩm quyền xem xét, quyết "
     "định. Chưa đối chiếu văn bản Quy định 294-QĐ/TW (2025)."),
    ("member.recognition_notice_days", 30, CHARTER,
     "Chibo: nhắc việc (không phải quy định của Đảng)",
     "Số ngày trước ngày hết dự bị mà Chibo báo bí thư chi bộ và cấp ủy cấp trên để chuẩn "
     "bị hồ sơ xét công nhận. Không tìm thấy con số này trong Điều lệ và các quy định đã "
     "đọc; cấp ủy có thể đặt số khác."),
]


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for key, value, day, basis, note in POLICIES:
        Policy.objects.get_or_create(
            key=key, effective_from=day, issuer=None,
            defaults={"value": value, "legal_basis": basis, "note": note},
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Policy").objects.filter(
        key__in=[key for key, *_ in POLICIES], issuer__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_member_life"),
        ("core", "0006_history_of_every_write"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
