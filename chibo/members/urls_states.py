from django.urls import path

from chibo.members import views_states

app_name = "member_states"
urlpatterns = [
    path("<int:pk>/states/add/", views_states.state_add, name="add"),
    path("<int:pk>/states/<int:state_pk>/end/", views_states.state_end, name="end"),
]
