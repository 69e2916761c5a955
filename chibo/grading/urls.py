from django.urls import path

from chibo.grading import views, views_cell

app_name = "grading"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("cell/<int:org_pk>/<int:year>/", views_cell.cell, name="cell"),
    path("decide/<int:org_pk>/<int:year>/", views_cell.decide, name="decide"),
    path("overview/<int:year>/", views.overview, name="overview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>.docx", views.form_docx, name="form_docx"),
    path("<int:pk>.pdf", views.form_pdf, name="form_pdf"),
]
