from chibo.accounts.api import router as accounts_router
from chibo.api.api import api
from chibo.members.api import router as members_router
from chibo.organizations.api import router as organizations_router

api.add_router("/", accounts_router)
api.add_router("/organizations", organizations_router)
api.add_router("/members", members_router)
