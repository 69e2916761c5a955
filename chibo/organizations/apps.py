from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "chibo.organizations"
    verbose_name = "Tổ chức đảng"
