from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RollupsConfig(AppConfig):
    name = "chibo.rollups"
    verbose_name = "Số liệu tổng hợp theo chi bộ và tháng"

    def ready(self):
        from chibo.rollups import receivers

        receivers.connect()
        post_migrate.connect(receivers.fill_after_migrate, sender=self,
                             dispatch_uid="rollups.fill_after_migrate")
