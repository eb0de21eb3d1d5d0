"""web/dist/playground.html is committed (web/README.md says why): it must be the build of
the current web/src, package-lock.json and build.mjs. web/build.mjs records a hash of those
inputs in the page's first comment; this recomputes it the same way (no node needed)."""
import hashlib
import pathlib
import re
import sys

web = pathlib.Path(sys.argv[1]) / "web"
files = sorted([p.relative_to(web).as_posix() for p in (web / "src").rglob("*") if p.is_file()]
               + ["package-lock.json", "build.mjs"])
h = hashlib.sha256()
for f in files:
    h.update(f.encode() + b"\0" + (web / f).read_bytes() + b"\0")
page = (web / "dist/playground.html").read_text()
m = re.search(r"inputs sha256 ([0-9a-f]{64})", page[:1000])
if not m or m.group(1) != h.hexdigest():
    print("web/dist/playground.html is not the build of web/src: run web/build and commit it")
    sys.exit(1)
