from django.urls import path

from chibo.supervision import views, views_assignments

app_name = "supervision"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("visit/<int:meeting_pk>/", views.visit, name="visit"),
    path("assignments/", views_assignments.assignments, name="assignments"),
    path("assignments/preview/", views_assignments.assignment_preview,
         name="assignment_preview"),
    path("assignments/save/", views_assignments.assignment_save, name="assignment_save"),
    path("assignments/attend/", views_assignments.assignment_attend, name="assignment_attend"),
    path("assignments/<int:pk>/remove/", views_assignments.assignment_remove,
         name="assignment_remove"),
    path("concerns/", views.concerns, name="concerns"),
    path("concerns/new/", views.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("figures/", views.figures, name="figures"),
]
