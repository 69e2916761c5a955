from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chibo.reports"
    verbose_name = "Báo cáo, theo dõi chất lượng sinh hoạt"

    def ready(self):
        from chibo.reports.jobs import register_kinds

        register_kinds()
