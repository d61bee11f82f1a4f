"""The one compact JSON encoding: what `--json` writes into a pipe, each NDJSON line, a CSV cell
that holds JSON, and the answers the store keeps ready, which are written out as they are and so
must be these very bytes."""

from __future__ import annotations

import json
from typing import Any


def compact_json(value: Any) -> str:
    # Answers are trees built afresh from rows and records, never cyclic: without the check for
    # cycles (a dict entry per container) `org` at 10,000 events (790 KB) encodes ~9% faster.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)
