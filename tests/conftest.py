from __future__ import annotations

import os
from pathlib import Path

import pytest

from consentcheck.engine import Checker

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONSENTCHECK_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "eval" / "dev"
DEV_SETS = ["en", "de", "de-tr", "popups"]


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker.default()


def dev_sets_or_skip() -> list[Path]:
    folders = [DEV / name for name in DEV_SETS]
    if not all((folder / "gold.jsonl").is_file() for folder in folders):
        pytest.skip(f"the shared dev sets are not there ({DEV}); they sit beside the repository as ../shared")
    return folders
