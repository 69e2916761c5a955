from django.urls import path

from chibo.supervision import views

app_name = "supervision"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("visit/<int:meeting_pk>/", views.visit, name="visit"),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("concerns/", views.concerns, name="concerns"),
    path("concerns/new/", views.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("figures/", views.figures, name="figures"),
]
