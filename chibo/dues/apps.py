from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "chibo.dues"
    verbose_name = "Đảng phí"

    def ready(self):
        from chibo.dues import receivers

        receivers.connect()
