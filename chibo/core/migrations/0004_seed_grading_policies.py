"""Year-end grading rules (domain.md §3, P7).

The numbers (30 + 70 points, thresholds 90/70/50, the HTXSNV cap of 20% of HTTNV) are
those of the brief. The brief names QĐ 366-QĐ/TW and HD 43-HD/BTCTW (2025) as the rules
now in force and says earlier rules had the cap; we cite Quy định 132-QĐ/TW (2018) for
those. Criteria labels follow common practice. None of this was checked against the
texts here: a committee admin verifies them and adds versions where they differ."""

import datetime as dt

from django.db import migrations

QD132 = "Quy định 132-QĐ/TW (2018) về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm"
QD366 = "Quy định 366-QĐ/TW (2025); Hướng dẫn 43-HD/BTCTW (2025)"
D2018 = dt.date(2018, 3, 8)
D2025 = dt.date(2025, 8, 30)

MEMBER_FORM = {
    "general": [
        {"code": "politics", "label": "Tư tưởng chính trị", "points": 8},
        {"code": "ethics", "label": "Phẩm chất đạo đức, lối sống", "points": 8},
        {"code": "discipline", "label": "Ý thức tổ chức kỷ luật", "points": 7},
        {"code": "relations", "label": "Tác phong, lề lối làm việc; quan hệ với nhân dân",
         "points": 7},
    ],
    "tasks": [
        {"code": "assigned", "label": "Kết quả thực hiện nhiệm vụ được giao", "points": 40},
        {"code": "commitments", "label": "Thực hiện cam kết, việc làm theo đã đăng ký",
         "points": 20},
        {"code": "party_tasks", "label": "Nhiệm vụ chi bộ phân công; sinh hoạt đảng", "points": 10},
    ],
}
CELL_FORM = {
    "general": [
        {"code": "politics", "label": "Xây dựng tổ chức đảng về chính trị, tư tưởng, đạo đức",
         "points": 10},
        {"code": "organization", "label": "Xây dựng tổ chức, đội ngũ đảng viên", "points": 10},
        {"code": "inspection", "label": "Công tác kiểm tra, giám sát; nền nếp sinh hoạt",
         "points": 10},
    ],
    "tasks": [
        {"code": "political_tasks", "label": "Lãnh đạo thực hiện nhiệm vụ chính trị", "points": 50},
        {"code": "commitments", "label": "Khắc phục các hạn chế đã đăng ký", "points": 20},
    ],
}
THRESHOLDS = [["HTXSNV", 90], ["HTTNV", 70], ["HTNV", 50], ["KHTNV", 0]]
MEMBER_CONDITIONS = {
    "HTXSNV": ["no_discipline", "no_unexcused_absence", "commitments_met"],
    "HTTNV": ["no_discipline"],
    "KHTNV_when": ["absence_flag", "serious_discipline"],
}
CELL_CONDITIONS = {"HTXSNV": ["commitments_met"], "KHTNV_when": []}

POLICIES = [
    ("grading.member_form", QD132, "Phiếu tự đánh giá đảng viên: 30 điểm tiêu chí chung, 70 "
     "điểm kết quả thực hiện nhiệm vụ.", D2018, MEMBER_FORM),
    ("grading.cell_form", QD132, "Phiếu đánh giá chi bộ: 30 + 70 điểm.", D2018, CELL_FORM),
    ("grading.thresholds", QD132, "HTXSNV ≥90; HTTNV 70–<90; HTNV 50–<70; KHTNV <50.", D2018,
     THRESHOLDS),
    ("grading.member_conditions", QD132, "Điều kiện của từng mức và trường hợp xếp KHTNV.",
     D2018, MEMBER_CONDITIONS),
    ("grading.cell_conditions", QD132, "Điều kiện của từng mức đối với chi bộ.", D2018,
     CELL_CONDITIONS),
    ("grading.excellent_cap", QD132, "Số HTXSNV không quá 20% số HTTNV; [tử số, mẫu số].",
     D2018, [1, 5]),
    ("grading.thresholds", QD366, "Ngưỡng điểm giữ nguyên theo quy định mới (cần đối chiếu).",
     D2025, THRESHOLDS),
]


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    for key, basis, note, effective_from, value in POLICIES:
        Policy.objects.get_or_create(
            key=key, effective_from=effective_from, issuer=None,
            defaults={"value": value, "legal_basis": basis, "note": note},
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Policy").objects.filter(key__startswith="grading.",
                                                   issuer__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_seed_concern_policies")]
    operations = [migrations.RunPython(seed, unseed)]
