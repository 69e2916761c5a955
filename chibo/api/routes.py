"""The API with every app's router: what chibo.urls serves."""

from chibo.accounts.api import router as accounts_router
from chibo.api.api import api
from chibo.dues.api import router as dues_router
from chibo.grading.api import me_router as my_grading_router
from chibo.grading.api import router as grading_router
from chibo.meetings.api import me_router as my_meetings_router
from chibo.meetings.api import router as meetings_router
from chibo.members.api import router as members_router
from chibo.organizations.api import router as organizations_router
from chibo.reports.api import router as reports_router
from chibo.supervision.api import concerns_router, visits_router
from chibo.supervision.api import me_router as my_supervision_router

api.add_router("/", accounts_router)
api.add_router("/organizations", organizations_router)
api.add_router("/members", members_router)
api.add_router("/meetings", meetings_router)
api.add_router("/me", my_meetings_router)
api.add_router("/me", my_supervision_router)
api.add_router("/visits", visits_router)
api.add_router("/concerns", concerns_router)
api.add_router("/grading", grading_router)
api.add_router("/me", my_grading_router)
api.add_router("/reports", reports_router)
api.add_router("/dues", dues_router)
