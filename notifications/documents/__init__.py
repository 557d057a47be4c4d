"""Formal documents the office issues, rendered from plain data (DOCX, PDF, HTML, Markdown)."""
