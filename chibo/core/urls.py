from django.urls import path

from chibo.core import web

app_name = "core"
urlpatterns = [
    path("pickers/organizations/", web.organization_search, name="organization_search"),
]
