"""The README shows real output: regenerating it changes nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "readme.py"


@pytest.mark.skipif(not SCRIPT.is_file(), reason="scripts/ is not part of this checkout")
@pytest.mark.skipif(not (shutil.which("jq") and shutil.which("sqlite3")), reason="README examples use jq and sqlite3")
@pytest.mark.skipif(shutil.which("forumctl", path=str(Path(sys.executable).parent)) is None, reason="not installed")
def test_readme_output_is_current() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + "\nrun `python scripts/readme.py` to regenerate"
