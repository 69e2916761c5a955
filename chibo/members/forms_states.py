from django import forms

from chibo.core.forms import BootstrapMixin, ViDateField
from chibo.members.models import StateKind


class StateForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="Trạng thái", choices=StateKind.choices)
    started_on = ViDateField(label="Từ ngày")
    ended_on = ViDateField(label="Đến ngày", required=False,
                           help_text="để trống nếu chưa biết ngày kết thúc")
    place = forms.CharField(label="Nơi sinh hoạt tạm thời", max_length=255, required=False,
                            help_text="bắt buộc khi sinh hoạt tạm thời nơi khác")
    note = forms.CharField(label="Căn cứ, ghi chú", max_length=500, required=False)


class StateEndForm(BootstrapMixin, forms.Form):
    ended_on = ViDateField(label="Ngày kết thúc (ngày cuối cùng)")
