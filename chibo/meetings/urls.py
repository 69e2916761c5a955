from django.urls import path

from chibo.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan/", views.plan, name="plan"),
    path("tasks/", views.tasks, name="tasks"),
    path("absences/", views.absences, name="absences"),
    path("book/<int:org_pk>/<int:year>.pdf", views.minute_book, name="minute_book"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/prepare/", views.prepare, name="prepare"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("<int:pk>/documents/sent/", views.documents_sent, name="documents_sent"),
    path(
        "<int:pk>/documents/<int:document_id>/delete/",
        views.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/record/", views.record, name="record"),
    path("<int:pk>/guests/", views.guest_add, name="guest_add"),
    path("<int:pk>/guests/<int:item_id>/delete/", views.guest_remove, name="guest_remove"),
    path("<int:pk>/speeches/", views.speech_add, name="speech_add"),
    path("<int:pk>/speeches/<int:item_id>/delete/", views.speech_remove, name="speech_remove"),
    path("<int:pk>/reviews/", views.reviews, name="reviews"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:item_id>/delete/", views.task_remove, name="task_remove"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/score/", views.score, name="score"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/resolution.docx", views.resolution_docx, name="resolution_docx"),
    path("<int:pk>/resolution.pdf", views.resolution_pdf, name="resolution_pdf"),
]
