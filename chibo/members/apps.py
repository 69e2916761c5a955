from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "chibo.members"
    verbose_name = "Đảng viên"
