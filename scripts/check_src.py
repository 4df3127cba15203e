"""Validate annotated corpus sources: python scripts/check_src.py corpora/src/*.txt"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consentcheck.corpus import parse_source  # noqa: E402
from consentcheck.errors import GoldSetError  # noqa: E402


def main(argv: list[str]) -> int:
    problems = 0
    for name in argv:
        try:
            parse_source(Path(name))
        except GoldSetError as exc:
            print(exc)
            problems += 1
    print(f"{len(argv)} files, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
