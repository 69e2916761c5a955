"""Interface of the document renderers (being written): each takes the minutes snapshot
of chibo.meetings.snapshot (a dict) and returns the file's bytes."""


def minutes_docx(snapshot: dict) -> bytes:
    raise NotImplementedError


def minutes_pdf(snapshot: dict) -> bytes:
    raise NotImplementedError


def resolution_docx(snapshot: dict) -> bytes:
    raise NotImplementedError


def resolution_pdf(snapshot: dict) -> bytes:
    raise NotImplementedError


def minute_book_pdf(snapshots: list[dict], *, cell_name: str, parent_name: str,
                    year: int) -> bytes:
    raise NotImplementedError
