from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "chibo.jobs"
    verbose_name = "Tệp tạo nền"
