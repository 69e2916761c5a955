from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from chibo.accounts.models import Scope, User


def _superuser_only(request):
    # Django admin bypasses the scope model, so only system admins may enter it.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only
admin.site.site_header = "Chibo – quản trị hệ thống"


class ScopeInline(admin.TabularInline):
    model = Scope
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class ChiboUserAdmin(UserAdmin, SimpleHistoryAdmin):
    inlines = [ScopeInline]
