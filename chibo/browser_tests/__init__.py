"""Main flows in a real browser: Playwright's sync API driving Debian's Chromium.

Every test here is marked `browser`; `make test` runs them once, on SQLite, with
`pytest -m browser`, and leaves them out of the SQLite and PostgreSQL runs.
"""
