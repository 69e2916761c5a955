from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "chibo.grading"
    verbose_name = "Đánh giá, xếp loại chất lượng"
