from django.urls import path

from chibo.core import views_audit

app_name = "core"
urlpatterns = [
    path("audit/", views_audit.audit_log, name="audit"),
]
