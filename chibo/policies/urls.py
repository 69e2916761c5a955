from django.urls import path

from chibo.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("add/", views.policy_create, name="create"),
]
