from django.apps import AppConfig


class AuditConfig(AppConfig):
    """What changed and who changed it: the history of a record's page and the audit log
    (Nhật ký thay đổi). No models: it reads every app's django-simple-history tables
    through `django.apps`, so it imports no domain app."""

    name = "chibo.audit"
    verbose_name = "Nhật ký thay đổi"
