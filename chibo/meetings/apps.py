from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "chibo.meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self):
        from chibo.meetings import receivers
        from chibo.meetings.jobs import register_kinds

        receivers.connect()
        register_kinds()
