from django.urls import path

from chibo.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report.xlsx", views.download_xlsx, name="xlsx"),
    path("report.pdf", views.download_pdf, name="pdf"),
    path("issue/", views.issue, name="issue"),
    path("issued/", views.issued, name="issued"),
    path("issued/<int:pk>.pdf", views.issued_pdf, name="issued_pdf"),
]
