"""`python benchmarks/import_probe.py OUT WORDS...`: runs `forumctl WORDS` in this interpreter through
its entry point, then writes the names of every module imported to OUT (a JSON list).

One probe for the benchmark's goal 2 (benchmarks/run.py) and for the test that guards it
(tests/test_startup.py), so both look at imports the same way.
"""

import json
import sys

from forumctl.__main__ import main

out, sys.argv = sys.argv[1], ["forumctl", *sys.argv[2:]]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
with open(out, "w") as f:
    json.dump(sorted(sys.modules), f)
