"""The `dondoc` command line (filled in by the foundation issue)."""


def main() -> None:
    raise SystemExit("dondoc: not implemented yet")
