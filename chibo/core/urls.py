from django.urls import path

from chibo.core import views_audit, web

app_name = "core"
urlpatterns = [
    path("audit/", views_audit.audit_log, name="audit"),
    path("pickers/organizations/", web.organization_search, name="organization_search"),
]
