"""The document renderers: each takes the minutes snapshot of chibo.meetings.snapshot (a
dict, see `minutes_snapshot` / `current_minutes`) and returns the file's bytes.

Word files come from the templates in chibo/documents/word/ (docxtpl: a committee may
replace them with its own, edited in Word); PDF files from the Django templates in
templates/documents/ through WeasyPrint. Both get their wording from one place,
chibo.documents.context.document_context.
"""

import io
from pathlib import Path

from django.template.loader import render_to_string

from chibo.documents.context import book_entry, document_context

WORD_DIR = Path(__file__).resolve().parent / "word"
MINUTES_TEMPLATE = WORD_DIR / "bien_ban.docx"
RESOLUTION_TEMPLATE = WORD_DIR / "nghi_quyet.docx"


def _docx(template: Path, snapshot: dict) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    context = document_context(snapshot)
    document.render(context, autoescape=True)
    if context["integrity_warning"]:
        _warn_first(document, context["integrity_warning"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _warn_first(document, text: str) -> None:
    """Stored minutes that fail their hash check print with the warning on top, in red,
    so that nobody files them unawares (committees' own templates need not provide it)."""
    from docx.shared import RGBColor

    body = document.docx if hasattr(document, "docx") else document
    first = body.paragraphs[0]
    warning = first.insert_paragraph_before()
    run = warning.add_run(text)
    run.bold = True
    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)


def html_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def minutes_html(snapshot: dict) -> str:
    return render_to_string("documents/minutes.html", {"d": document_context(snapshot)})


def resolution_html(snapshot: dict) -> str:
    return render_to_string("documents/resolution.html", {"d": document_context(snapshot)})


def minute_book_html(snapshots: list[dict], *, cell_name: str, parent_name: str, year: int) -> str:
    documents, entries = [], []
    for index, snapshot in enumerate(snapshots, 1):
        entry = book_entry(snapshot, index)
        entries.append(entry)
        documents.append({"d": document_context(snapshot), "anchor": entry["anchor"]})
    return render_to_string(
        "documents/minute_book.html",
        {
            "cell_upper": (cell_name or "").upper(),
            "parent_upper": (parent_name or "").upper(),
            "year": year,
            "entries": entries,
            "documents": documents,
        },
    )


def minutes_docx(snapshot: dict) -> bytes:
    return _docx(MINUTES_TEMPLATE, snapshot)


def minutes_pdf(snapshot: dict) -> bytes:
    return html_pdf(minutes_html(snapshot))


def resolution_docx(snapshot: dict) -> bytes:
    return _docx(RESOLUTION_TEMPLATE, snapshot)


def resolution_pdf(snapshot: dict) -> bytes:
    return html_pdf(resolution_html(snapshot))


def minute_book_pdf(snapshots: list[dict], *, cell_name: str, parent_name: str, year: int) -> bytes:
    """The year's minute book of a cell: cover, contents, then each meeting's minutes
    from a new page, in the order given (callers pass them by date). One render."""
    return html_pdf(
        minute_book_html(snapshots, cell_name=cell_name, parent_name=parent_name, year=year)
    )
