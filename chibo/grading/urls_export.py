from django.urls import path

from chibo.grading import views_export

app_name = "grading_export"
urlpatterns = [
    path("<int:org_pk>/<int:year>.xlsx", views_export.summary_xlsx, name="summary_xlsx"),
    path(
        "distribution/<int:org_pk>/<int:year>/",
        views_export.distribution,
        name="distribution",
    ),
]
