from django.urls import path

from chibo.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("count/", views.notification_count, name="count"),
    path("read/", views.notifications_read, name="read"),
]
