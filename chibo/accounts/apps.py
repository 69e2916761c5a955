from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chibo.accounts"
    verbose_name = "Tài khoản"
