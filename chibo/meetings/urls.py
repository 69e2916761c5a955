from django.urls import path

from chibo.meetings import (
    views,
    views_adopt,
    views_attendance,
    views_documents,
    views_prepare,
    views_record,
    views_tasks,
)

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan/", views.plan, name="plan"),
    path("tasks/", views_tasks.tasks, name="tasks"),
    path("absences/", views_tasks.absences, name="absences"),
    path("book/<int:org_pk>/<int:year>.pdf", views_documents.minute_book, name="minute_book"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/prepare/", views_prepare.prepare, name="prepare"),
    path("<int:pk>/documents/", views_prepare.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_id>/", views_prepare.document, name="document"),
    path("<int:pk>/documents/sent/", views_prepare.documents_sent, name="documents_sent"),
    path(
        "<int:pk>/documents/<int:document_id>/delete/",
        views_prepare.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/attendance/", views_attendance.attendance, name="attendance"),
    path("<int:pk>/record/", views_record.record, name="record"),
    path("<int:pk>/guests/", views_record.guest_add, name="guest_add"),
    path("<int:pk>/guests/<int:item_id>/delete/", views_record.guest_remove, name="guest_remove"),
    path("<int:pk>/speeches/", views_record.speech_add, name="speech_add"),
    path(
        "<int:pk>/speeches/<int:item_id>/delete/",
        views_record.speech_remove,
        name="speech_remove",
    ),
    path("<int:pk>/reviews/", views_record.reviews, name="reviews"),
    path("<int:pk>/tasks/", views_record.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:item_id>/delete/", views_record.task_remove, name="task_remove"),
    path("<int:pk>/vote/", views_record.vote, name="vote"),
    path("<int:pk>/score/", views_record.score, name="score"),
    path("<int:pk>/adopt/", views_adopt.adopt, name="adopt"),
    path("<int:pk>/amend/", views_adopt.amend, name="amend"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/minutes.docx", views_documents.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views_documents.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/resolution.docx", views_documents.resolution_docx, name="resolution_docx"),
    path("<int:pk>/resolution.pdf", views_documents.resolution_pdf, name="resolution_pdf"),
]
