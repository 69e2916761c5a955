from django.urls import path

from chibo.commitments import views, views_residence, views_topics

app_name = "commitments"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("cell/<int:org_pk>/<int:year>/", views.cell, name="cell"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>.docx", views.commitment_docx, name="commitment_docx"),
    path("<int:pk>.pdf", views.commitment_pdf, name="commitment_pdf"),
    path("progress/<int:meeting_pk>/", views_topics.progress, name="progress"),
    path("topics/<int:year>/", views_topics.topics, name="topics"),
    path("residence/<int:year>/", views_residence.residence, name="residence"),
    path(
        "residence/<int:year>/<int:member_pk>/",
        views_residence.residence_write,
        name="residence_write",
    ),
    path(
        "residence/<int:year>/<int:member_pk>/exempt/",
        views_residence.residence_exempt,
        name="residence_exempt",
    ),
]
