"""How the tests and the benchmark start Chromium: Debian's binary, fixed flags, a phone."""

from __future__ import annotations

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "CHROMIUM_FLAGS", "PHONE", "PROFILES"]

CHROMIUM = "/usr/bin/chromium"
# The flags every run uses (see DEVELOPERS.md); Chromium makes no background requests with them.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Any host but 127.0.0.1 resolves to nothing, so a stray request fails at once instead of waiting
# for a timeout; it is still seen (and reported) by whoever records requests.
CHROMIUM_ARGS = [*CHROMIUM_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
# Network profiles in Network.emulateNetworkConditions' terms (throughput in bytes per second,
# latency in ms); bench.static_server.shape() applies them on the server side.
PROFILES = {
    "4g": {
        "offline": False,
        "latency": 60,
        "downloadThroughput": 9_000_000 / 8,
        "uploadThroughput": 9_000_000 / 8,
    },
    "slow-3g": {
        "offline": False,
        "latency": 150,
        "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8,
    },
}
