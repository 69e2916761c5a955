from django.urls import path

from chibo.reports import views, views_sections

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # The dashboard's sections, loaded when opened (a page of their own without JavaScript).
    path("units/", views_sections.units, name="units"),
    path("act/", views_sections.act, name="act"),
    path("ranking/", views_sections.ranking, name="ranking"),
    path("charts/", views_sections.charts, name="charts"),
    path("report.xlsx", views.download_xlsx, name="xlsx"),
    path("report.pdf", views.download_pdf, name="pdf"),
    path("issue/", views.issue, name="issue"),
    path("issued/", views.issued, name="issued"),
    path("issued/<int:pk>.pdf", views.issued_pdf, name="issued_pdf"),
]
