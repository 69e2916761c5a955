from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "chibo.policies"
    verbose_name = "Quy định"
