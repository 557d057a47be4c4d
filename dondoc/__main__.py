"""`python -m dondoc …` is the `dondoc` command."""

from dondoc.flows.cli import main

main()
