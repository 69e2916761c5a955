from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "chibo.commitments"
    verbose_name = "Học tập và làm theo Bác, cam kết, nhận xét nơi cư trú"
