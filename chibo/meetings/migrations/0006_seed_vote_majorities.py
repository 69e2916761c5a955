"""The majority of each kind of decision a cell votes on, as policy rows.

`vote.majority` (a resolution or conclusion: more than half of the full members who count,
Điều lệ Đảng, Điều 9 khoản 5) is seeded by core. Admission and recognition as a full
member need at least two thirds of the full members (Điều lệ Đảng, Điều 4 and Điều 5;
the 2/3 was read in Quy định 29-QĐ/TW (2016), điểm 4.2 and 5.2, and Hướng dẫn
01-HD/TW (2021), điểm 3.6; QĐ 294-QĐ/TW (2025) replaces them and was not read here).
The Charter sets no own share for a proposal to strike a name (Điều 8), so the general
rule stands; a committee admin checks and adds a version where the text differs.
"""

import datetime as dt

from django.db import migrations

QD294 = "Quy định 294-QĐ/TW (2025) thi hành Điều lệ Đảng"
D2018 = dt.date(2018, 1, 18)

POLICIES = [
    ("vote.majority_admission", f"Điều lệ Đảng, Điều 4; {QD294}",
     "Nghị quyết của chi bộ đề nghị kết nạp đảng viên phải được ít nhất hai phần ba số "
     "đảng viên chính thức tính vào tổng số tán thành (≥ 2/3).",
     {"fraction": [2, 3], "at_least": True}),
    ("vote.majority_recognition", f"Điều lệ Đảng, Điều 5; {QD294}",
     "Nghị quyết của chi bộ đề nghị công nhận đảng viên chính thức phải được ít nhất hai "
     "phần ba số đảng viên chính thức tính vào tổng số tán thành (≥ 2/3).",
     {"fraction": [2, 3], "at_least": True}),
    ("vote.majority_removal", f"Điều lệ Đảng, Điều 8 và Điều 9 khoản 5; {QD294}",
     "Đề nghị xóa tên: Điều lệ không đặt tỷ lệ riêng, áp dụng nguyên tắc quá một nửa số "
     "đảng viên chính thức tính vào tổng số tán thành (> 1/2). Cần đối chiếu văn bản hiện "
     "hành.",
     {"fraction": [1, 2], "at_least": False}),
]


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for key, basis, note, value in POLICIES:
        Policy.objects.get_or_create(
            key=key, effective_from=D2018, issuer=None,
            defaults={"value": value, "legal_basis": basis, "note": note},
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Policy").objects.filter(
        key__in=[key for key, *_ in POLICIES], issuer__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_vote_decision_kind"),
        ("core", "0006_history_of_every_write"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
