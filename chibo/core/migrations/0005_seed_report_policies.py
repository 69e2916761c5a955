"""Thresholds of the committee dashboard's exception lists (P1).

No text we could read fixes them: these are Chibo's defaults, each replaceable by a
committee's own rule as a new version."""

import datetime as dt

from django.db import migrations

BASIS = "Mặc định của Chibo; thay bằng quy định của cấp ủy"

POLICIES = [
    ("report.attendance_floor", BASIS,
     "Chi bộ có tỷ lệ đảng viên dự sinh hoạt trong kỳ dưới mức này (không tính đảng viên "
     "được miễn sinh hoạt) được đưa vào danh sách cần chấn chỉnh; [tử số, mẫu số].", [9, 10]),
    ("report.adopt_days", BASIS,
     "Số ngày kể từ buổi sinh hoạt mà biên bản phải được thông qua trên hệ thống; quá hạn "
     "thì cấp ủy cấp trên được nhắc.", 7),
    ("report.data_from", BASIS,
     "Ngày bắt đầu ghi nhận sinh hoạt chi bộ trên Chibo (YYYY-MM-DD); các tháng trước đó "
     "ghi trên sổ giấy nên không tính vào báo cáo. Để trống: tính mọi tháng.", ""),
]


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for key, basis, note, value in POLICIES:
        Policy.objects.get_or_create(
            key=key, effective_from=dt.date(2018, 1, 1), issuer=None,
            defaults={"value": value, "legal_basis": basis, "note": note},
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Policy").objects.filter(
        key__in=[p[0] for p in POLICIES], issuer__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0004_seed_grading_policies")]
    operations = [migrations.RunPython(seed, unseed)]
