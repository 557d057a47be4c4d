"""The bulletin as DOCX, PDF, HTML, Markdown and a chart: read back, not just written."""

from __future__ import annotations

import html
import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from notifications.documents import bulletin as docs
from notifications.documents.bulletin import Bulletin, Row

HOSTILE = "Hội <script>alert(1)</script> & <b>Đoàn</b> $x^2$ | *đậm* [a](javascript:x)"

TAY_NINH = Bulletin(
    format="party",
    superior="TỈNH ỦY TÂY NINH",
    issuer_line="BAN DÂN VẬN",
    issuer_name="Ban Dân vận Tỉnh ủy Tây Ninh",
    symbol="TB/BDVTU",
    number="03-TB/BDVTU",
    place="Tây Ninh",
    issued_on=date(2024, 1, 25),
    summary="Tình hình thông tin báo cáo tháng 01/2024",
    year=2024,
    month=1,
    as_of=date(2024, 1, 25),
    rows=(
        Row("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh", 1, 1, 0, 0),
        Row("Hội Liên hiệp Phụ nữ tỉnh Tây Ninh", 1, 0, 1, 0),
        Row("Ban Dân vận Huyện ủy Gò Dầu", 1, 0, 0, 1),
    ),
    signer_authority="K/T TRƯỞNG BAN",
    signer_title="PHÓ TRƯỞNG BAN",
    signer_name="Nguyễn Thị Phó",
    recipients=("Thường trực Tỉnh ủy (b/c)", "Lưu Văn thư Ban Dân vận Tỉnh ủy"),
)


def docx_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    from docx import Document

    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, cells


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_party_docx_has_the_heading_number_date_table_signature_and_recipients() -> None:
    paragraphs, cells = docx_text(docs.render_docx(TAY_NINH))
    heading = cells[0]
    assert heading[0].split("\n") == ["TỈNH ỦY TÂY NINH", "BAN DÂN VẬN", "*", "Số 03-TB/BDVTU"]
    assert heading[1].split("\n") == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "",
        "Tây Ninh, ngày 25 tháng 01 năm 2024",
    ]
    assert "THÔNG BÁO" in paragraphs
    assert "Tình hình thông tin báo cáo tháng 01/2024" in paragraphs
    assert [
        "1",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh",
        "1",
        "1",
        "0",
        "0",
        "100,0%",
    ] in cells
    assert ["", "Tổng cộng", "3", "1", "1", "1", "33,3%"] in cells
    foot = cells[-1]
    assert foot[0].split("\n") == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Lưu Văn thư Ban Dân vận Tỉnh ủy,",
    ]
    assert foot[1].split("\n")[:2] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert foot[1].split("\n")[-1] == "Nguyễn Thị Phó"
    body = " ".join(paragraphs)
    assert "2. Đơn vị gửi trễ hạn: Hội Liên hiệp Phụ nữ tỉnh Tây Ninh." in body
    assert "3. Đơn vị chưa gửi báo cáo: Ban Dân vận Huyện ủy Gò Dầu." in body


def test_the_docx_is_set_in_times_new_roman_14() -> None:
    from docx import Document

    document = Document(io.BytesIO(docs.render_docx(TAY_NINH)))
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)


def test_a_draft_has_no_number_yet_and_says_so() -> None:
    paragraphs, cells = docx_text(docs.render_docx(replace(TAY_NINH, number=None, draft=True)))
    assert cells[0][0].split("\n")[-1] == "Số     -TB/BDVTU"
    assert "DỰ THẢO" in paragraphs


def test_the_state_form_has_the_national_motto_and_its_number_style() -> None:
    state = replace(
        TAY_NINH,
        format="state",
        superior="UBND TỈNH TÂY NINH",
        issuer_line="VĂN PHÒNG",
        symbol="TB-VP",
        number="12/TB-VP",
    )
    _, cells = docx_text(docs.render_docx(state))
    assert cells[0][0].split("\n") == ["UBND TỈNH TÂY NINH", "VĂN PHÒNG", "Số: 12/TB-VP"]
    assert cells[0][1].split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(docs.render_pdf(state))


def test_the_pdf_text_has_the_vietnamese_heading_with_its_diacritics() -> None:
    text = pdf_text(docs.render_pdf(TAY_NINH))
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "TỈNH ỦY TÂY NINH",
        "Số 03-TB/BDVTU",
        "Tây Ninh, ngày 25 tháng 01 năm 2024",
        "THÔNG BÁO",
        "Ban Dân vận Huyện ủy Gò Dầu",
        "Nơi nhận:",
        "Nguyễn Thị Phó",
    ):
        assert expected in text, expected


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_pdf_first_page_renders_to_a_page_with_ink_on_it(tmp_path: Path) -> None:
    from PIL import Image

    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(docs.render_pdf(TAY_NINH))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.005 * image.width * image.height  # text and table lines, not a blank page


def test_the_chart_is_a_png_with_a_bar_for_each_unit() -> None:
    from PIL import Image

    data = docs.render_chart(TAY_NINH)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.width > 500
    assert image.height > 200


def test_the_pdf_fails_with_a_clear_message_without_its_font(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]

    monkeypatch.setattr(docs, "FONT_DIR", tmp_path)
    monkeypatch.setattr(pdfmetrics, "getRegisteredFontNames", list)
    with pytest.raises(docs.FontMissing, match=r"thiếu phông chữ LiberationSerif-Regular\.ttf"):
        docs.render_pdf(TAY_NINH)


HOSTILE_DOC = replace(TAY_NINH, rows=(Row(HOSTILE, 1, 0, 0, 1),), recipients=(HOSTILE,))


def test_a_hostile_unit_name_is_text_in_html() -> None:
    page = docs.render_html(HOSTILE_DOC)
    assert "<script>" not in page
    assert "<b>Đoàn</b>" not in page
    assert "Hội &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Đoàn&lt;/b&gt;" in page


def test_a_hostile_unit_name_is_text_in_the_pdf() -> None:
    text = pdf_text(docs.render_pdf(HOSTILE_DOC))
    assert "<script>alert(1)</script>" in text.replace("\n", "")  # drawn, not parsed as markup


def test_a_hostile_unit_name_is_literal_in_markdown() -> None:
    text = docs.render_markdown(HOSTILE_DOC)
    assert "<script>" not in text
    assert "](javascript" not in text
    assert "\\|" in text  # a pipe cannot end the table's cell


def test_a_hostile_unit_name_does_not_break_the_chart() -> None:
    assert docs.render_chart(HOSTILE_DOC).startswith(b"\x89PNG")


def test_the_markdown_renders_a_hostile_unit_name_as_the_same_text() -> None:
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable("table").render(docs.render_markdown(HOSTILE_DOC))
    assert "<script>" not in page
    assert 'href="javascript' not in page
    # Rendered, the cell reads exactly the unit's name (as HTML text: entities for <, > and &).
    assert f"<td>{html.escape(HOSTILE, quote=False)}</td>" in page
