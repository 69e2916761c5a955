from django.urls import path

from chibo.dues import views

app_name = "dues"
urlpatterns = [
    path("", views.home, name="home"),
    path("tong-hop.xlsx", views.home_xlsx, name="home_xlsx"),
    path("cell/<int:org_pk>/<int:year>/", views.cell_year, name="cell_year"),
    path("cell/<int:org_pk>/<int:year>.xlsx", views.cell_year_xlsx, name="cell_year_xlsx"),
    path("cell/<int:org_pk>/<int:year>/<int:month>/", views.cell_month, name="cell_month"),
    path("member/<int:pk>/", views.member, name="member"),
    path("payment/<int:pk>/", views.payment, name="payment"),
]
