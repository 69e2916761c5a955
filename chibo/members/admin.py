from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from chibo.members.models import Membership, PartyMember


@admin.register(PartyMember)
class PartyMemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "card_number", "organization", "status", "position"]
    search_fields = ["search_text", "card_number"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization", "residence_organization", "user", "party_group"]


admin.site.register(Membership)
