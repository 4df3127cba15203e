"""The package as installed from a wheel: rules, model and examples are found without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_installed_package_finds_its_rules_and_model(tmp_path: Path) -> None:
    target = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    code = (
        "from consentcheck.rulepack import loader\n"
        "from consentcheck.classifier import runtime\n"
        "from consentcheck import check_text\n"
        f"assert str(loader.DEFAULT_RULES_DIR) == {str(target / 'consentcheck' / '_rules')!r}, loader.DEFAULT_RULES_DIR\n"
        "assert runtime.load_default() is not None\n"
        "report = check_text('We may use your posts to train our AI models.', 'en')\n"
        "assert any(f.category == 'ai-training' for f in report.findings)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
