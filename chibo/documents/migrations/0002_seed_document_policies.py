"""The rules of document numbers (chibo.documents.numbering).

Hướng dẫn 36-HD/VPTW (03/4/2018), mục II.1.3.1: numbers run from 01 for each kind of
document across a committee's term, from the day after its congress closes. The exact
day differs per cell; these general rows put the term's first day at 01/7 of each
national congress cycle (the cells' congresses are held in the first half of the year
before the national congress) and are *not* checked against any text: a committee adds
its own row with the day after its cells' congresses. The abbreviation "CB" for a chi
bộ is common practice, not read in a text either."""

import datetime as dt

from django.db import migrations

BASIS = "Hướng dẫn 36-HD/VPTW ngày 03/4/2018 (mục II.1.3.1)"
TERM_NOTE = (
    "Ngày bắt đầu nhiệm kỳ (YYYY-MM-DD): số văn bản ghi liên tục từ 01 cho mỗi loại văn "
    "bản trong một nhiệm kỳ cấp ủy, tính từ ngày liền kề sau ngày bế mạc đại hội. Ngày mặc "
    "định của Chibo (chưa đối chiếu); cấp ủy thêm quy định riêng ghi đúng ngày đại hội của "
    "các chi bộ trực thuộc."
)
SYMBOL_NOTE = (
    "Chữ viết tắt tên tổ chức ban hành trong ký hiệu văn bản của chi bộ, ví dụ "
    "\"Số 05-NQ/CB\" (theo thực tế; chưa đối chiếu văn bản)."
)
TERMS = [dt.date(2015, 7, 1), dt.date(2020, 7, 1), dt.date(2025, 7, 1)]


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for start in TERMS:
        Policy.objects.get_or_create(
            key="document.term_start", effective_from=start, issuer=None,
            defaults={"value": start.isoformat(), "legal_basis": BASIS, "note": TERM_NOTE},
        )
    Policy.objects.get_or_create(
        key="document.issuer_symbol", effective_from=dt.date(2015, 7, 1), issuer=None,
        defaults={"value": "CB", "legal_basis": BASIS, "note": SYMBOL_NOTE},
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "Policy").objects.filter(
        key__in=["document.term_start", "document.issuer_symbol"], issuer__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_document_numbers"),
        ("core", "0006_history_of_every_write"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
