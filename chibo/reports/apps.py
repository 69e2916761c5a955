from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chibo.reports"
    verbose_name = "Báo cáo, theo dõi chất lượng sinh hoạt"
