from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chibo.core"
    verbose_name = "Dùng chung"
