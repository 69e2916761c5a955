from django.urls import path

from chibo.members import views, views_excel

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
]
