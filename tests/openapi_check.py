"""docs/openapi.yaml must parse and list exactly the routes src/api registers (and the
methods), so the document cannot drift from the server."""
import pathlib
import re
import sys

import yaml

root = pathlib.Path(sys.argv[1])
doc = yaml.safe_load((root / "docs/openapi.yaml").read_text())
documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops if m != "parameters"}
registered = set()
for source in (root / "src/api").glob("*.cc"):
    for verb, path in re.findall(r'verb::(\w+?)_?,\s*"([^"]+)"', source.read_text()):
        registered.add((verb.upper(), path.replace("...}", "}")))
missing = registered - documented
extra = documented - registered
for m, p in sorted(missing):
    print(f"not in docs/openapi.yaml: {m} {p}")
for m, p in sorted(extra):
    print(f"documented but not served: {m} {p}")
sys.exit(1 if missing or extra else 0)
