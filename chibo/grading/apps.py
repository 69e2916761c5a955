from django.apps import AppConfig

from chibo.grading.rules import FormError, check_form


def _form_error(value) -> str:
    try:
        check_form(value)
    except FormError as error:
        return str(error)
    return ""


class GradingConfig(AppConfig):
    name = "chibo.grading"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self):
        from chibo.policies.services import register_value_check

        register_value_check(("grading.member_form", "grading.cell_form"), _form_error)
