"""The rules of domain.md §3 as the first versions of each policy.

The numbers are those of the project brief (shared/domain.md §3, documents.md). The
brief names the 2025 texts (Chỉ thị 50-CT/TW, Hướng dẫn 42-HD/BTCTW, QĐ 294-QĐ/TW);
for the earlier versions we cite Hướng dẫn 12-HD/BTCTW (18/01/2018) on the quality of
cell meetings, and we record the 2025 reissue from 01/07/2025. Neither the citations
nor these dates were checked against the texts here: a committee admin verifies them
and adds a new version where they differ; nothing is edited in place.
"""

import datetime as dt

from django.db import migrations

HD12 = "Hướng dẫn 12-HD/BTCTW ngày 18/01/2018 của Ban Tổ chức Trung ương"
HD42 = "Chỉ thị 50-CT/TW (2025); Hướng dẫn 42-HD/BTCTW (2025) của Ban Tổ chức Trung ương"
CHARTER = "Điều lệ Đảng; Quy định 294-QĐ/TW (2025) thi hành Điều lệ Đảng"
QD366 = "Quy định 366-QĐ/TW (2025); Hướng dẫn 43-HD/BTCTW (2025)"
D2018 = dt.date(2018, 1, 18)
D2025 = dt.date(2025, 7, 1)

RUBRIC = {
    "criteria": [
        {"code": "time", "label": "Thời gian, thời lượng sinh hoạt", "points": 5,
         "auto": "duration"},
        {"code": "attendance", "label": "Tỷ lệ đảng viên dự sinh hoạt", "points": 5,
         "auto": "attendance", "steps": [[90, 4], [75, 3], [65, 2], [0, 1]], "bonus": 1},
        {"code": "preparation", "label": "Công tác chuẩn bị", "points": 10},
        {"code": "conduct", "label": "Tiến hành sinh hoạt (nội dung, thảo luận)", "points": 30},
        {"code": "chairing", "label": "Vai trò điều hành của bí thư", "points": 10},
        {"code": "principles", "label": "Thực hiện nguyên tắc sinh hoạt Đảng", "points": 5},
        {"code": "results", "label": "Kết quả thực hiện nghị quyết tháng trước", "points": 30,
         "auto": "followup", "steps": [[100, 30], [90, 27], [80, 24], [70, 20], [50, 15],
                                       [0, 10]]},
        {"code": "closing", "label": "Kết thúc sinh hoạt", "points": 5},
    ]
}
BANDS = [["Tốt", 90], ["Khá", 70], ["Trung bình", 50], ["Kém", 0]]

POLICIES = [
    ("meeting.regular_day", None, HD12,
     "Trước 2025 chi bộ tự chọn ngày cố định; Chibo lên lịch vào ngày 03 khi chi bộ "
     "chưa chọn.", D2018, 3),
    ("meeting.regular_day", None, HD42, "Sinh hoạt chi bộ định kỳ vào ngày 03 hằng tháng.",
     D2025, 3),
    ("meeting.committee_days_before", None, HD12,
     "Chi ủy họp trước kỳ sinh hoạt chi bộ để chuẩn bị nội dung.", D2018, 2),
    ("meeting.start_hour", None, HD12, "Giờ bắt đầu mặc định khi lên lịch.", D2018, 8),
    ("meeting.min_minutes", None, HD12, "Thời lượng tối thiểu buổi sinh hoạt thường kỳ.",
     D2018, 90),
    ("meeting.min_minutes_combined", None, HD12,
     "Thời lượng tối thiểu khi sinh hoạt chuyên đề cùng buổi với sinh hoạt thường kỳ.",
     D2018, 120),
    ("meeting.thematic_per_quarter", None, HD12,
     "Ít nhất 3 tháng một lần sinh hoạt chuyên đề.", D2018, 1),
    ("meeting.document_lead_days", None, HD12,
     "Tài liệu gửi đảng viên trước ít nhất 1 ngày.", D2018, 1),
    ("meeting.quality_rubric", None, HD12,
     "Thang điểm mặc định (100 điểm) theo thực tiễn một đảng ủy phường, 2025.", D2018, RUBRIC),
    ("meeting.quality_bands", None, HD12, "Tốt ≥90; Khá 70–<90; Trung bình 50–<70; Kém <50.",
     D2018, BANDS),
    ("vote.majority", None, CHARTER,
     "Nghị quyết được thông qua khi quá một nửa số đảng viên chính thức tính vào tổng số "
     "tán thành; [tử số, mẫu số].", D2018, [1, 2]),
    ("meeting.quorum", None, CHARTER,
     "Tỷ lệ đảng viên phải có mặt (không tính đảng viên được miễn sinh hoạt) để buổi sinh "
     "hoạt hợp lệ; [tử số, mẫu số]. Cần đối chiếu văn bản hiện hành.", D2018, [2, 3]),
    ("absence.flag_months", None, CHARTER,
     "Bỏ sinh hoạt 3 tháng trong năm không có lý do chính đáng thì chi bộ xem xét đề nghị "
     "xóa tên; Chibo chỉ cảnh báo.", D2018, 3),
    ("task.carry_forward", None, HD12,
     "Nhiệm vụ chưa được kiểm điểm thì chuyển sang kỳ sau.", D2018, True),
]


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for key, issuer, basis, note, effective_from, value in POLICIES:
        Policy.objects.get_or_create(
            key=key, effective_from=effective_from, issuer=issuer,
            defaults={"value": value, "legal_basis": basis, "note": note},
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Policy").objects.filter(issuer__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
