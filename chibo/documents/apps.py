from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "chibo.documents"
    verbose_name = "Văn bản"
