from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "chibo.supervision"
    verbose_name = "Cấp trên dự sinh hoạt và kiến nghị"

    def ready(self):
        from chibo.supervision import receivers

        receivers.connect()
