"""`dondoc bulletin YYYY-MM`: the month's compliance bulletin as a draft file (DOCX, PDF, HTML).

It reads the ledger only: the numbered bulletin is issued by the compliance-bulletin flow once
the office approves it in the Prefect UI. No Prefect here.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dondoc.cli._common import AsOf, errors, fail, ledger, load_settings, out


class Format(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"


def bulletin(
    month: Annotated[str, typer.Argument(help="The month, YYYY-MM (2024-01).", show_default=False)],
    plan: Annotated[
        str | None, typer.Option("--plan", help="The plan (default: the only one with a bulletin).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="docx, pdf or html.")] = Format.DOCX,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The file to write (default: here).")
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Write the month's compliance bulletin (who reported on time, late, not at all) as a draft."""
    from ledger.bulletin import BadPeriod, parse_period

    try:
        parse_period(month)
    except BadPeriod as exc:
        raise fail(f"dondoc: {exc}", 2) from None
    settings = load_settings()
    sessions = ledger(settings, create=False)
    with errors():
        from ledger.db import transaction
        from ledger.dbapi import Reader
        from ledger.store import read_catalogue
        from notifications.documents import bulletin as documents
        from tasks.bulletin import NoBulletin, preview

        with transaction(sessions) as session:
            catalogue = read_catalogue(session).catalogue
            try:
                doc = preview(
                    Reader.of_session(session),
                    catalogue,
                    month,
                    plan,
                    as_of.date() if as_of else None,
                )
            except NoBulletin as exc:
                raise fail(f"dondoc: {exc}") from None
        path = output or Path(f"{documents.file_stem(doc)}-du-thao.{fmt.value}")
        try:
            if fmt is Format.DOCX:
                data = documents.render_docx(doc)
            elif fmt is Format.PDF:
                data = documents.render_pdf(doc)
            else:
                data = documents.render_html(doc).encode("utf-8")
        except documents.FontMissing as exc:
            raise fail(f"dondoc: {exc}") from None
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise fail(f"dondoc: không ghi được tệp {path}: {exc.strerror or exc}") from None
    due = doc.total("due")
    out.print(
        f"Đã ghi dự thảo thông báo {doc.period_text} vào {path}: {len(doc.rows)} đơn vị, "
        f"{due} báo cáo phải gửi, {doc.total('on_time')} đúng hạn, {doc.total('late')} trễ hạn, "
        f"{doc.total('missing')} chưa gửi (tính đến hết ngày {doc.as_of:%d/%m/%Y}).",
        markup=False,
    )
