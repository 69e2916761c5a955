from django.urls import path

from chibo.members import views, views_excel, views_life

app_name = "members"
urlpatterns = [
    path("", views.member_list_view, name="list"),
    path("add/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("import/", views_excel.import_members, name="import"),
    path("import/template.xlsx", views_excel.import_template, name="import_template"),
    path("export.xlsx", views_excel.export_members, name="export"),
    path("probations/", views_life.probation_list, name="probations"),
    path("removals/", views_life.removal_list, name="removals"),
    path("removals/<int:pk>/decide/", views_life.removal_decide, name="removal_decide"),
    path("<int:pk>/probation/", views_life.probation_open, name="probation_open"),
    path("<int:pk>/probation/schedule/", views_life.probation_schedule,
         name="probation_schedule"),
    path("<int:pk>/probation/vote/", views_life.probation_vote, name="probation_vote"),
    path("<int:pk>/probation/decide/", views_life.probation_decide, name="probation_decide"),
    path("<int:pk>/removal/", views_life.removal_propose, name="removal_propose"),
]
