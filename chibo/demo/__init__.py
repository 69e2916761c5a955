"""The demo city or province (`manage.py load_demo`), an app of its own: no models, a
pipeline from a seed (and a day) to the rows of every domain app.

Plan (plain objects, no database), one direction of imports, bottom to top:

    texts, texts_supervision, province   words and names
    kit                                  dates of the window, bulk INSERT, delete, digest
    tree → people → officials → plan     the organization tree, its members, the officials
    meetings_specs → meetings_steps → meetings_plan    a year of meetings per cell
    supervision_specs → supervision_plan → supervision_concerns   visits and concerns

Write (each step its own transaction, see load.load_demo):

    bulk, write_tree                     the tree, members, accounts, scopes
    meetings_write, supervision_write    the year (ROWS_CHUNK meetings at a time)
    year                                 plan_year and load_year: meetings, then supervision
    grading_* (world → plan → registers, assess → grading), dues, life, states
    load                                 load_demo and wipe: the pipeline's top

The domain's own functions do the arithmetic (meetings.rules, meetings.snapshot,
documents.numbering, grading.evidence, members.life …); the demo draws only the choices.
"""
