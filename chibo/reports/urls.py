from django.urls import path

from chibo.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report.xlsx", views.download_xlsx, name="xlsx"),
    path("report.pdf", views.download_pdf, name="pdf"),
]
