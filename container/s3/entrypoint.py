#!/usr/bin/python3
"""Runs moto's S3-compatible server on MOTO_PORT and makes the buckets named in BUCKETS
once it answers, so a client that only sends HEAD to its bucket (manimd's readiness
check) finds it. Stops cleanly (exit 0) on SIGTERM or SIGINT."""
import os
import signal
import urllib.request

from moto.server import ThreadedMotoServer

# Blocked before the server's threads start, so only sigwait below receives them.
stop = {signal.SIGTERM, signal.SIGINT}
signal.pthread_sigmask(signal.SIG_BLOCK, stop)
port = int(os.environ.get("MOTO_PORT", "5000"))
server = ThreadedMotoServer(ip_address="0.0.0.0", port=port, verbose=False)
server.start()
for bucket in os.environ.get("BUCKETS", "").split():
    req = urllib.request.Request(f"http://127.0.0.1:{port}/{bucket}", method="PUT")
    urllib.request.urlopen(req, timeout=10).read()
    print(f"bucket {bucket} ready on port {port}", flush=True)
signal.sigwait(stop)
server.stop()
