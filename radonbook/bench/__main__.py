"""Command line: ``python -m radonbook.bench {radon,kernel,adam,all} [--repeats R]``."""

from __future__ import annotations

import argparse
import importlib

from radonbook.bench import BENCHMARKS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m radonbook.bench", description=__doc__)
    parser.add_argument("name", choices=[*BENCHMARKS, "all"])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    for name in BENCHMARKS if args.name == "all" else (args.name,):
        module = importlib.import_module(f"radonbook.bench.{name}")
        print(f"== {name} ==")
        for line in module.run(args.repeats):
            print(line)


if __name__ == "__main__":
    main()
