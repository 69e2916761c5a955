from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from chibo.organizations.models import Level, Organization, PartyGroup


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "level", "kind", "is_cell", "dissolved_on"]
    search_fields = ["name"]


admin.site.register(Level)
admin.site.register(PartyGroup)
