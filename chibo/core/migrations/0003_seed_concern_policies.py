"""Deadlines for answering concerns brought back from cell meetings (P2).

The brief gives no number: 15 days to answer, at each level, is Chibo's default, to be
replaced by the committee's own working rules (quy chế làm việc) as a new version."""

import datetime as dt

from django.db import migrations

BASIS = "Mặc định của Chibo; thay bằng quy chế làm việc của cấp ủy"

POLICIES = [
    ("concern.answer_days", BASIS,
     "Số ngày cấp ủy phải trả lời kiến nghị kể từ khi tiếp nhận (hoặc được chuyển lên).", 15),
    ("concern.auto_escalate", BASIS,
     "Quá hạn chưa trả lời thì tự động chuyển cấp ủy cấp trên.", True),
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
    dependencies = [("core", "0002_seed_policies")]
    operations = [migrations.RunPython(seed, unseed)]
