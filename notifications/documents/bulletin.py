"""The monthly compliance bulletin as a formal document — pure rendering: data in, bytes out.

Two forms, as the catalogue chooses:

- Party (Hướng dẫn 36-HD/VPTW, 2018): the superior body and the issuer on the left over a star
  and "Số 12-TB/BDVTU"; "ĐẢNG CỘNG SẢN VIỆT NAM" on the right, over the place and date;
- State (Nghị định 30/2020/NĐ-CP): the issuer on the left over "Số: 12/TB-UBND"; the national
  motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" on the right.

Then the type ("THÔNG BÁO") and summary (trích yếu), the body with the table of units, the
signature block and "Nơi nhận". Times New Roman 14 (13 for the table and the recipients) in
DOCX; the PDF uses Liberation Serif, metric-compatible with Times and with Vietnamese glyphs.

Unit names and every other text come from the catalogue: they are escaped for HTML, Markdown and
ReportLab's paragraph markup, and drawn without mathtext in the chart.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONT_FILES = {
    "DondocSerif": "LiberationSerif-Regular.ttf",
    "DondocSerif-Bold": "LiberationSerif-Bold.ttf",
    "DondocSerif-Italic": "LiberationSerif-Italic.ttf",
    "DondocSerif-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_TYPE = "THÔNG BÁO"
COLUMNS = ("TT", "Đơn vị", "Phải gửi", "Đúng hạn", "Trễ hạn", "Chưa gửi", "Tỷ lệ đúng hạn")


class FontMissing(RuntimeError):
    """The PDF's font is not installed."""


@dataclass(frozen=True)
class Row:
    name: str
    due: int
    on_time: int
    late: int
    missing: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True)
class Bulletin:
    """Everything the document says, already decided (the words are the caller's data)."""

    format: Literal["party", "state"]
    superior: str | None  # TỈNH ỦY TÂY NINH
    issuer_line: str  # BAN DÂN VẬN
    issuer_name: str  # Ban Dân vận Tỉnh ủy Tây Ninh (in sentences)
    symbol: str  # TB/BDVTU
    number: str | None  # 12-TB/BDVTU once approved; None: a draft
    place: str
    issued_on: date
    summary: str  # trích yếu
    year: int
    month: int
    as_of: date
    rows: tuple[Row, ...]
    signer_authority: str | None
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]  # the lines of "Nơi nhận", as they read
    draft: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def number_line(self) -> str:
        if self.format == "party":
            return f"Số {self.number}" if self.number else f"Số     -{self.symbol}"
        return f"Số: {self.number}" if self.number else f"Số:     /{self.symbol}"

    @property
    def date_line(self) -> str:
        d = self.issued_on
        # Hướng dẫn 36 and Nghị định 30 write days and months below 10 with a leading zero
        # (months only for 1 and 2 in ND 30; both forms accept 01/02 as the seed writes them).
        return f"{self.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    @property
    def period_text(self) -> str:
        return f"tháng {self.month:02d}/{self.year}"

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.rows)

    def paragraphs(self) -> list[str]:
        """The body's sentences, before and after the table."""
        on_time = [r.name for r in self.rows if r.due and r.on_time == r.due]
        late = [r.name for r in self.rows if r.late]
        missing = [r.name for r in self.rows if r.missing]
        due = self.total("due")
        ok = self.total("on_time")
        rate = f"{ok / due:.0%}".replace(".", ",") if due else "—"
        return [
            f"{self.issuer_name} thông báo tình hình thông tin báo cáo {self.period_text} "
            f"(tính đến hết ngày {self.as_of:%d/%m/%Y}) như sau: {len(self.rows)} đơn vị phải gửi "
            f"{due} báo cáo; {ok} báo cáo gửi đúng hạn ({rate}), {self.total('late')} báo cáo "
            f"gửi trễ hạn, {self.total('missing')} báo cáo chưa gửi.",
            "1. Đơn vị gửi đầy đủ, đúng hạn: " + _names(on_time) + ".",
            "2. Đơn vị gửi trễ hạn: " + _names(late) + ".",
            "3. Đơn vị chưa gửi báo cáo: " + _names(missing) + ".",
        ]

    def closing(self) -> str:
        return (
            "Đề nghị các đơn vị chưa gửi báo cáo khẩn trương gửi về "
            f"{self.issuer_name}; các đơn vị gửi trễ hạn rút kinh nghiệm, bảo đảm thời gian "
            "gửi báo cáo theo quy định."
        )

    def table(self) -> list[list[str]]:
        rows = [
            [str(i), r.name, str(r.due), str(r.on_time), str(r.late), str(r.missing), _pct(r.rate)]
            for i, r in enumerate(self.rows, 1)
        ]
        due = self.total("due")
        rows.append(
            [
                "",
                "Tổng cộng",
                str(due),
                str(self.total("on_time")),
                str(self.total("late")),
                str(self.total("missing")),
                _pct(self.total("on_time") / due if due else None),
            ]
        )
        return rows

    @property
    def heading(self) -> tuple[str, ...]:
        return (PARTY_HEADING,) if self.format == "party" else (STATE_HEADING, STATE_MOTTO)

    @property
    def left_heading(self) -> tuple[str, ...]:
        lines = [self.superior] if self.superior else []
        lines.append(self.issuer_line)
        if self.format == "party":
            lines.append("*")
        return tuple(lines)


def _names(names: list[str]) -> str:
    return "; ".join(names) if names else "không có"


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def file_stem(doc: Bulletin) -> str:
    """thong-bao-2024-01 (ASCII: a file name every mail client keeps)."""
    return f"thong-bao-tinh-hinh-bao-cao-{doc.year:04d}-{doc.month:02d}"


# --- DOCX ---------------------------------------------------------------------------------


def render_docx(doc: Bulletin) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    # ND 30 / HD 36 margins: top and bottom 2 cm, left 3 cm, right 1.5 cm.
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.paragraph_format.space_after = Pt(0)

    def para(
        container: Any,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        size: int = 14,
        align: object = WD_ALIGN_PARAGRAPH.CENTER,
        first: bool = True,
    ) -> None:
        p = (
            container.paragraphs[0]
            if first and container.paragraphs and not container.paragraphs[0].text
            else container.add_paragraph()
        )
        p.alignment = align
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)

    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    lines = doc.left_heading
    for i, line in enumerate(lines):
        para(left, line, bold=(i == len(lines) - 1 or line == "*") and line != doc.superior)
    para(left, doc.number_line, size=13)
    for i, line in enumerate(doc.heading):
        para(right, line, bold=True, underline=(i == len(doc.heading) - 1))
    para(right, "")
    para(right, doc.date_line, italic=True)

    body = document.add_paragraph()
    body.paragraph_format.space_before = Pt(12)
    if doc.draft:
        para(document, "DỰ THẢO", bold=True, first=False)
    para(document, DOC_TYPE, bold=True, first=False)
    para(document, doc.summary, bold=True, first=False)
    para(document, "-----", first=False)
    for text in doc.paragraphs():
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        p.paragraph_format.space_after = Pt(6)
        p.add_run(text)
    grid = document.add_table(rows=1, cols=len(COLUMNS))
    grid.style = "Table Grid"
    for cell, title in zip(grid.rows[0].cells, COLUMNS, strict=True):
        para(cell, title, bold=True, size=13)
    for values in doc.table():
        cells = grid.add_row().cells
        for j, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if j == 1 else WD_ALIGN_PARAGRAPH.CENTER
            para(cell, value, size=13, align=align, bold=values[1] == "Tổng cộng" and not values[0])
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_before = Pt(6)
    p.add_run(doc.closing())

    foot = document.add_table(rows=1, cols=2)
    recipients, signature = foot.rows[0].cells
    para(recipients, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc.recipients:
        para(recipients, f"- {line},", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    if doc.signer_authority:
        para(signature, doc.signer_authority, bold=True)
    para(signature, doc.signer_title, bold=True, first=not doc.signer_authority)
    for _ in range(3):
        para(signature, "", first=False)
    para(signature, doc.signer_name, bold=True, first=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

    if "DondocSerif" in pdfmetrics.getRegisteredFontNames():
        return
    missing = [name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]
    if missing:
        raise FontMissing(
            f"không tạo được bản PDF: thiếu phông chữ {', '.join(missing)} trong {FONT_DIR} "
            "(cài gói fonts-liberation2: apt-get install fonts-liberation2)"
        )
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        "DondocSerif",
        normal="DondocSerif",
        bold="DondocSerif-Bold",
        italic="DondocSerif-Italic",
        boldItalic="DondocSerif-BoldItalic",
    )


def _x(text: str) -> str:
    """Text for a ReportLab paragraph, whose markup is XML-like: nothing of it is markup."""
    return html.escape(text, quote=False)


def render_pdf(doc: Bulletin) -> bytes:
    _register_fonts()
    from reportlab.lib import colors  # type: ignore[import-untyped]
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT  # type: ignore[import-untyped]
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
    from reportlab.lib.units import cm  # type: ignore[import-untyped]
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # type: ignore[import-untyped]

    base = ParagraphStyle("base", fontName="DondocSerif", fontSize=13, leading=17)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    body = ParagraphStyle(
        "body", parent=base, fontSize=14, leading=19, alignment=TA_JUSTIFY, firstLineIndent=1 * cm
    )
    cell = ParagraphStyle("cell", parent=base, fontSize=11, leading=14)
    cell_c = ParagraphStyle("cellc", parent=cell, alignment=TA_CENTER)
    small = ParagraphStyle("small", parent=base, fontSize=11, leading=14, alignment=TA_LEFT)

    def b(text: str) -> str:
        return f"<b>{_x(text)}</b>"

    left = [
        Paragraph(b(line) if line != doc.superior else _x(line), center)
        for line in doc.left_heading
    ]
    left.append(Paragraph(_x(doc.number_line), center))
    # Nghị định 30: the national name in 12–13 point capitals, on one line.
    motto = ParagraphStyle("motto", parent=center, fontSize=12, leading=16)
    right = [
        Paragraph(f"<u>{b(line)}</u>" if i == len(doc.heading) - 1 else b(line), motto)
        for i, line in enumerate(doc.heading)
    ]
    right += [Spacer(1, 6), Paragraph(f"<i>{_x(doc.date_line)}</i>", center)]
    story: list[object] = [
        Table(
            [[left, right]],
            colWidths=[7 * cm, 9.5 * cm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
        ),
        Spacer(1, 14),
    ]
    if doc.draft:
        story.append(Paragraph(b("DỰ THẢO"), center))
    story += [
        Paragraph(b(DOC_TYPE), ParagraphStyle("t", parent=center, fontSize=14, leading=19)),
        Paragraph(b(doc.summary), ParagraphStyle("s", parent=center, fontSize=14, leading=19)),
        Paragraph("-----", center),
        Spacer(1, 8),
    ]
    story += [Paragraph(_x(text), body) for text in doc.paragraphs()]
    story.append(Spacer(1, 6))
    data = [[Paragraph(b(c), cell_c) for c in COLUMNS]]
    for values in doc.table():
        total = values[1] == "Tổng cộng" and not values[0]
        data.append(
            [
                Paragraph(b(v) if total else _x(v), cell if j == 1 else cell_c)
                for j, v in enumerate(values)
            ]
        )
    grid = Table(
        data,
        colWidths=[1.0 * cm, 6.1 * cm, 1.6 * cm, 1.6 * cm, 1.6 * cm, 1.6 * cm, 2.3 * cm],
        repeatRows=1,
    )
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [grid, Spacer(1, 8), Paragraph(_x(doc.closing()), body), Spacer(1, 12)]
    recipients = [Paragraph(f"<b><i>{_x('Nơi nhận:')}</i></b>", small)]
    recipients += [Paragraph(_x(f"- {line},"), small) for line in doc.recipients]
    signature = []
    if doc.signer_authority:
        signature.append(Paragraph(b(doc.signer_authority), center))
    signature += [Paragraph(b(doc.signer_title), center), Spacer(1, 50)]
    signature.append(Paragraph(b(doc.signer_name), center))
    story.append(
        Table(
            [[recipients, signature]],
            colWidths=[8 * cm, 8.5 * cm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
        )
    )
    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=3 * cm,
        rightMargin=1.5 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"{DOC_TYPE} {doc.summary}",
        author=doc.issuer_name,
    )
    pdf.build(story)
    return out.getvalue()


# --- HTML and Markdown --------------------------------------------------------------------


def render_html(doc: Bulletin) -> str:
    e = html.escape
    head_left = "".join(f"<div><b>{e(x)}</b></div>" for x in doc.left_heading)
    head_right = "".join(f"<div><b>{e(x)}</b></div>" for x in doc.heading)
    rows = "".join(
        "<tr>" + "".join(f"<td>{e(v)}</td>" for v in values) + "</tr>" for values in doc.table()
    )
    recipients = "".join(f"<li>{e(line)}</li>" for line in doc.recipients)
    authority = f"<div><b>{e(doc.signer_authority)}</b></div>" if doc.signer_authority else ""
    draft = "<p class='draft'><b>DỰ THẢO</b></p>" if doc.draft else ""
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{e(DOC_TYPE)} {e(doc.summary)}</title>"
        "<style>body{font-family:'Times New Roman',serif;font-size:14pt;max-width:17cm;"
        "margin:2cm auto}.head{display:flex;justify-content:space-between;text-align:center}"
        "table.grid{border-collapse:collapse;width:100%}table.grid td,table.grid th{border:"
        "1px solid #000;padding:2px 4px;font-size:12pt}.title{text-align:center}"
        ".foot{display:flex;justify-content:space-between}</style></head><body>"
        f"<div class='head'><div>{head_left}<div>{e(doc.number_line)}</div></div>"
        f"<div>{head_right}<div><i>{e(doc.date_line)}</i></div></div></div>"
        f"{draft}<div class='title'><p><b>{e(DOC_TYPE)}</b><br><b>{e(doc.summary)}</b></p></div>"
        + "".join(f"<p>{e(t)}</p>" for t in doc.paragraphs())
        + "<table class='grid'><thead><tr>"
        + "".join(f"<th>{e(c)}</th>" for c in COLUMNS)
        + f"</tr></thead><tbody>{rows}</tbody></table><p>{e(doc.closing())}</p>"
        f"<div class='foot'><div><b><i>Nơi nhận:</i></b><ul>{recipients}</ul></div>"
        f"<div class='title'>{authority}<div><b>{e(doc.signer_title)}</b></div><br><br>"
        f"<div><b>{e(doc.signer_name)}</b></div></div></div></body></html>"
    )


# Markdown's punctuation; <, > and & are written as HTML entities instead (a backslash before
# the & of an entity would show the entity's text).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md(text: str) -> str:
    """Text for Markdown (Prefect renders artifacts as Markdown with HTML): literal."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False).replace("\n", " ")


def render_markdown(doc: Bulletin) -> str:
    lines = [
        f"# {md(DOC_TYPE)} {md(doc.summary)}",
        "",
        f"**{md(doc.number_line)}** · {md(doc.date_line)}"
        + (" · **DỰ THẢO**" if doc.draft else ""),
        "",
        *[md(t) + "\n" for t in doc.paragraphs()],
        "| " + " | ".join(md(c) for c in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        *["| " + " | ".join(md(v) for v in values) + " |" for values in doc.table()],
        "",
        md(doc.closing()),
        "",
        "**Nơi nhận:** " + "; ".join(md(r) for r in doc.recipients),
        "",
        f"**{md(doc.signer_authority or '')} {md(doc.signer_title)}** — {md(doc.signer_name)}",
    ]
    return "\n".join(lines) + "\n"


# --- chart --------------------------------------------------------------------------------


def render_chart(doc: Bulletin) -> bytes:
    """A PNG of each unit's on-time rate, a horizontal bar each (matplotlib, Agg: no display)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    _register_mpl_font()
    rows = [r for r in doc.rows if r.due]
    height = max(2.5, 0.38 * len(rows) + 1.4)
    figure = Figure(figsize=(8.5, height), dpi=110)
    axes = figure.add_subplot()
    rates = [100 * (r.rate or 0.0) for r in rows]
    positions = list(range(len(rows)))
    axes.barh(
        positions,
        rates,
        color=["#2e7d32" if v >= 100 else "#c62828" if v == 0 else "#f9a825" for v in rates],
    )
    axes.set_yticks(positions)
    axes.set_yticklabels([r.name for r in rows], parse_math=False, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Tỷ lệ báo cáo đúng hạn (%)")
    axes.set_title(f"Tỷ lệ gửi báo cáo đúng hạn {doc.period_text}", parse_math=False)
    for y, v in zip(positions, rates, strict=True):
        axes.text(min(v + 1, 92), y, f"{v:.0f}%", va="center", fontsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _register_mpl_font() -> None:
    from matplotlib import font_manager, rcParams

    regular = FONT_DIR / FONT_FILES["DondocSerif"]
    if regular.is_file():
        font_manager.fontManager.addfont(str(regular))
        rcParams["font.family"] = "Liberation Serif"
