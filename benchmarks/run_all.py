"""Every benchmark, one after the other, in one process: `uv run python benchmarks/run_all.py`.

Set DONDOC_BENCH_POSTGRES_URL to add PostgreSQL to the ledger benchmarks.

The national scale (`bench_national.py`: a country's year, 252,960 tasks, each step in its own
`dondoc` process) runs separately — it takes minutes and most of the machine:

    .venv/bin/python benchmarks/bench_national.py [--units 4200] [--postgres URL] [--check]

So does the national year through the served Prefect deployments (`bench_national_year.py`: a
Prefect server, the deployments and every day's runs; hours for the whole year):

    .venv/bin/python benchmarks/bench_national_year.py [--units 4200] [--days N]
        [--budget-minutes M] [--database-url postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_delivery
import bench_history
import bench_ledger
import bench_lunar
import bench_startup
import bench_zalo

if __name__ == "__main__":
    print("## Lunar conversions")
    bench_lunar.main([])
    print("\n## Ledger, a province's daily work")
    bench_ledger.main()
    print("\n## Ledger, the same daily runs on a ledger with three years of history")
    bench_history.main([])
    print("\n## Start-up of the commands")
    bench_startup.main([])
    print("\n## E-mail delivery over TLS")
    bench_delivery.main(["--outbox"])
    print("\n## Zalo ZNS to the fake Zalo server, at a configured rate")
    bench_zalo.main([])
