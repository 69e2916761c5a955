from django.contrib import admin
from django.urls import include, path

from chibo.accounts import views as account_views
from chibo.api.routes import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("chibo.accounts.urls")),
    path("", include("chibo.core.urls")),
    path("audit/", include("chibo.audit.urls")),
    path("notifications/", include("chibo.notifications.urls")),
    path("files/", include("chibo.jobs.urls")),
    path("policies/", include("chibo.policies.urls")),
    path("organizations/", include("chibo.organizations.urls")),
    path("members/", include("chibo.members.urls")),
    path("members/", include("chibo.members.urls_states")),
    path("meetings/", include("chibo.meetings.urls")),
    path("supervision/", include("chibo.supervision.urls")),
    # the exports first, so that no pattern of the grading pages can shadow them
    path("grading/export/", include("chibo.grading.urls_export")),
    path("grading/", include("chibo.grading.urls")),
    path("commitments/", include("chibo.commitments.urls")),
    path("reports/", include("chibo.reports.urls")),
    path("dues/", include("chibo.dues.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
