"""The Word kit of chibo/documents/word/build_templates.py: the page (A4, margins, Times
New Roman 14, page numbers from page 2), paragraphs and runs, fixed tables whose header
row repeats and whose rows do not break, and the blocks every document shares (the Party
header, the title, headings, tables of rows, signatures), per shared/documents.md."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
BODY_PT = 14
NATIONAL = "ĐẢNG CỘNG SẢN VIỆT NAM"
LEFT_COLUMN = Cm(7.5)
RIGHT_COLUMN = Cm(9.0)  # 16.5 cm of text width in all
TEXT_WIDTH = Cm(16.5)
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def national_width_cm() -> float:
    """Width of ĐẢNG CỘNG SẢN VIỆT NAM in Times New Roman 15 bold (Tinos has the same
    metrics), so that the rule under it is as long as the text."""
    try:
        from PIL import ImageFont

        font = ImageFont.truetype("/usr/share/fonts/truetype/croscore/Tinos-Bold.ttf", 1000)
        return font.getlength(NATIONAL) / 1000 * 15 / 72 * 2.54
    except (ImportError, OSError):
        return 7.27


# Low-level helpers -------------------------------------------------------------------

# Word wants the children of <w:pPr> in the schema's order: these come after <w:pBdr>.
PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def set_run_font(run, *, size=None, bold=None, italic=None, underline=None):
    run.font.name = FONT
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline
    return run


def para(
    container,
    *runs,
    align=JUSTIFY,
    left=None,
    hanging=None,
    right=None,
    before=None,
    after=None,
    size=None,
    keep_next=False,
):
    """A paragraph of runs; each run is a string or (text, {"bold": True, ...})."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if left is not None:
        fmt.left_indent = left
    if hanging is not None:
        fmt.first_line_indent = -hanging
    if right is not None:
        fmt.right_indent = right
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    for item in runs:
        text, style = (item, {}) if isinstance(item, str) else item
        set_run_font(
            paragraph.add_run(text),
            size=style.get("size", size),
            **{k: v for k, v in style.items() if k != "size"},
        )
    return paragraph


def tag(container, text):
    """A paragraph holding only a docxtpl tag such as {%p if guests %}."""
    return para(container, text, align=LEFT, after=0)


def first_paragraph(cell, *runs, **kwargs):
    """Fill a table cell's initial empty paragraph instead of adding one below it."""
    paragraph = para(cell, *runs, **kwargs)
    empty = cell.paragraphs[0]
    if empty is not paragraph and not empty.text:
        empty._element.getparent().remove(empty._element)
    return paragraph


def border(paragraph, *sides, size=6, space=1):
    """A solid border on a paragraph (size in eighths of a point)."""
    p_pr = paragraph._element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), str(space))
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    p_pr.insert_element_before(borders, *PPR_AFTER_BORDER)


def fixed_table(container, rows, widths, *, style=None):
    table = container.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # autofit = False writes <w:tblLayout w:type="fixed"/>: Word keeps the widths.
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width
    return table


def no_cell_margins(table):
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._element.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def page_number_header(section):
    """Page numbers centred at the top, none on the first page."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._element.append(field)
    for r in paragraph._element.iter(qn("w:r")):
        r_pr = OxmlElement("w:rPr")
        fonts = OxmlElement("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "26")
        r_pr.append(fonts)
        r_pr.append(size)
        r.insert(0, r_pr)


def new_document():
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    page_number_header(section)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        r_pr = style.element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
    normal = document.styles["Normal"].paragraph_format
    normal.space_before = Pt(0)
    normal.space_after = Pt(4)
    normal.line_spacing = 1.1
    # Document() starts with one empty paragraph: drop it.
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return document


# Blocks shared by both documents ------------------------------------------------------


def party_header(document, number_key=None):
    """The two-column header; `number_key` names the context key of the document's number
    ("05-NQ/CB"), printed "Số …" under the star when the document has one."""
    table = fixed_table(document, 1, [LEFT_COLUMN, RIGHT_COLUMN])
    no_cell_margins(table)
    left, right = table.rows[0].cells
    tight = {"after": 0, "align": CENTER}
    first_paragraph(left, ("{{ organization.parent_name|upper }}", {}), **tight)
    para(left, ("{{ organization.name|upper }}", {"bold": True}), **tight)
    para(left, "*", **tight)
    if number_key:
        tag(left, f"{{%p if {number_key} %}}")
        para(left, f"Số {{{{ {number_key} }}}}", **tight)
        tag(left, "{%p endif %}")
    tag(left, "{%p if draft %}")
    box = para(left, ("{{ draft_label }}", {"bold": True}), before=6, **tight)
    indent = Cm(2.3)
    box.paragraph_format.left_indent = box.paragraph_format.right_indent = indent
    border(box, "top", "left", "bottom", "right", size=8, space=1)
    tag(left, "{%p endif %}")

    rule_indent = Cm(max(0.0, (RIGHT_COLUMN.cm - national_width_cm()) / 2 - 0.06))
    national = first_paragraph(
        right,
        (NATIONAL, {"bold": True, "size": 15}),
        align=CENTER,
        after=0,
        left=rule_indent,
        right=rule_indent,
    )
    border(national, "bottom", size=6, space=1)
    para(right, ("{{ place_date }}", {"italic": True}), align=CENTER, before=8, after=0)


def title(document, text, abstract_tag):
    para(document, (text, {"bold": True, "size": 16}), align=CENTER, before=14, after=0)
    para(document, (abstract_tag, {"bold": True}), align=CENTER, after=0)
    tag(document, "{%p if amendment %}")
    para(document, ("{{ amendment }}", {"italic": True}), align=CENTER, after=0)
    tag(document, "{%p endif %}")
    para(document, "-----", align=CENTER, after=10)


def heading(document, text, *, italic=False):
    return para(
        document, (text, {"bold": True, "italic": italic}), before=6, after=3, keep_next=True
    )


def _row_props(row, *names):
    """<w:cantSplit/>, <w:tblHeader/> on a table row, in the schema's order."""
    tr_pr = row._tr.get_or_add_trPr()
    for name in names:
        tr_pr.append(OxmlElement(f"w:{name}"))


def keep_rows(table):
    """The first row is the header: repeated on each page and kept with the row after it
    (Word: keep-with-next in its paragraphs; Writer: a repeated header row never stays
    alone); no row breaks across pages, so no header sits alone at a page's foot."""
    for index, row in enumerate(table.rows):
        if index == 0:
            _row_props(row, "cantSplit", "tblHeader")
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        else:
            _row_props(row, "cantSplit")
    return table


def grid(document, headers, cells, widths, *, loop):
    """A bordered table: a header row, then one row per item of `loop` (a docxtpl
    `{%tr for ... %}` row pair around the row of cells)."""
    table = fixed_table(document, 4, widths, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        first_paragraph(cell, (text, {"bold": True, "size": 13}), align=CENTER, after=0)
    first_paragraph(table.rows[1].cells[0], (f"{{%tr for {loop} %}}", {"size": 13}), after=0)
    for cell, (text, align) in zip(table.rows[2].cells, cells, strict=True):
        first_paragraph(cell, (text, {"size": 13}), align=align, after=0)
    first_paragraph(table.rows[3].cells[0], ("{%tr endfor %}", {"size": 13}), after=0)
    return keep_rows(table)


def rows_table(document, headers, widths, rows):
    """A bordered table: a header row, then `rows`, each either a docxtpl tag (a string such
    as "{%tr for row in items %}", its row disappears from the output) or a list of cells
    (text, align, bold)."""
    table = fixed_table(document, 1 + len(rows), widths, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        first_paragraph(cell, (text, {"bold": True, "size": 13}), align=CENTER, after=0)
    for row, spec in zip(table.rows[1:], rows, strict=True):
        if isinstance(spec, str):
            first_paragraph(row.cells[0], (spec, {"size": 13}), after=0)
            continue
        for cell, (text, align, bold) in zip(row.cells, spec, strict=True):
            first_paragraph(cell, (text, {"size": 13, "bold": bold}), align=align, after=0)
    return keep_rows(table)


def signatures(document, left_lines, right_lines, left_name, right_name, *, left_runs=None):
    table = fixed_table(document, 1, [Cm(8.25), Cm(8.25)])
    left, right = table.rows[0].cells
    if left_runs:
        left_runs(left)
    else:
        for index, line in enumerate(left_lines):
            add = first_paragraph if index == 0 else para
            add(left, (line, {"bold": True}), align=CENTER, after=0)
        for _ in range(4):
            para(left, "", align=CENTER, after=0)
        para(left, (left_name, {"bold": True}), align=CENTER, after=0)
    for index, line in enumerate(right_lines):
        add = first_paragraph if index == 0 else para
        add(right, (line, {"bold": True}), align=CENTER, after=0)
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, (right_name, {"bold": True}), align=CENTER, after=0)
    # keep the signature block on one page
    for cell in (left, right):
        for paragraph in cell.paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True
    return table
