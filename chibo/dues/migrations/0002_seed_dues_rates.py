"""The rates of party dues (policy dues.rates) as dated data.

Looked up (issue 13) in public pages quoting the texts, not in the texts themselves:
- Quyết định 342-QĐ/TW ngày 28/12/2010 của Bộ Chính trị (Quy định về chế độ đảng phí)
  and Công văn 141-CV/VPTW/nb (2011) of the Văn phòng Trung ương guiding it: members
  paid a salary, wages or allowances counted for social insurance pay 1% of them a month
  (seen in two pages); members on a pension or a monthly social insurance allowance pay
  0,5% of it (seen in a lawyer's answer quoting CV 141, khoản 2 mục I); members on a
  monthly allowance (non-specialised commune, village, street-group staff) 1% of it.
- The fixed sums for students without salary and for "other" members (rural, irregular
  work, past working age) could not be read in any copy: the 3.000 đồng a month kept here
  is a placeholder, marked UNCONFIRMED; a committee sets its own version on the Quy định
  page. The date from which 342 applied (01/01/2011 here) was not confirmed either.
- Whether a 2025 text replaced QĐ 342 could not be found; none is seeded.

Money is whole đồng; a percent applies to the member's declared base.
"""

import datetime as dt

from django.db import migrations

UNCONFIRMED = "Chưa đối chiếu được với văn bản"
BASIS = ("Quyết định 342-QĐ/TW ngày 28/12/2010 của Bộ Chính trị; Công văn "
         "141-CV/VPTW/nb của Văn phòng Trung ương Đảng")
RATES = {
    "salaried": {"percent": "1"},
    "pension": {"percent": "0.5"},
    "allowance": {"percent": "1"},
    "student": {"fixed": 3000},
    "other": {"fixed": 3000},
}
NOTE = (
    "Hưởng lương, tiền công: 1% tiền lương, phụ cấp tính đóng BHXH; hưởng lương hưu, trợ "
    "cấp BHXH: 0,5%; hưởng phụ cấp hằng tháng: 1% phụ cấp. "
    f"{UNCONFIRMED}: mức cố định 3.000 đồng/tháng của học sinh, sinh viên và đảng viên "
    "khác, và ngày áp dụng 01/01/2011; cấp ủy bổ sung mức của địa phương."
)


def seed(apps, schema_editor):
    Policy = apps.get_model("core", "Policy")
    if not Policy.objects.filter(key="dues.rates").exists():
        Policy.objects.create(key="dues.rates", value=RATES, legal_basis=BASIS,
                              effective_from=dt.date(2011, 1, 1), note=NOTE)


def unseed(apps, schema_editor):
    apps.get_model("core", "Policy").objects.filter(
        key="dues.rates", issuer__isnull=True, effective_from=dt.date(2011, 1, 1)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_history_of_every_write"),
        ("dues", "0001_dues"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
