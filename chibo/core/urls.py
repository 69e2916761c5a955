from django.urls import path

from chibo.core import views, views_audit

app_name = "core"
urlpatterns = [
    path("policies/", views.policy_list, name="policies"),
    path("policies/add/", views.policy_create, name="policy_create"),
    path("audit/", views_audit.audit_log, name="audit"),
]
