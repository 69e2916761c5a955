from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "chibo.members"
    verbose_name = "Đảng viên"

    def ready(self):
        from chibo.members.jobs import register_kinds

        register_kinds()
