"""The proxy's disk cache: encoded images and remembered refusals under the data folder.

Layout: ``<root>/<2 hex>/<digest>-<width>.webp`` for images and ``<digest>.refused``
(JSON) for refusals. Files are written to a temporary name and renamed, so a reader
never sees half a file. When the folder grows past its cap the oldest files go first.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from newsdesk.media.decode import Encoded, Refusal

SWEEP_EVERY = 30.0  # seconds between two size checks at most
SWEEP_TO = 0.9  # a sweep frees down to this share of the cap, so it does not run at every write


@dataclass(frozen=True, slots=True)
class Remembered:
    refusal: Refusal
    at: float


class ImageStore:
    def __init__(self, root: Path, cap_bytes: int) -> None:
        self.root = root
        self.cap_bytes = cap_bytes
        self._sweep_lock = threading.Lock()
        self._last_sweep = 0.0

    def _folder(self, digest: str) -> Path:
        return self.root / digest[:2]

    def image_path(self, digest: str, width: int) -> Path:
        return self._folder(digest) / f"{digest}-{width}.webp"

    def read(self, digest: str, width: int) -> bytes | None:
        try:
            return self.image_path(digest, width).read_bytes()
        except FileNotFoundError:
            return None

    def save(self, digest: str, encoded: list[Encoded]) -> None:
        for item in encoded:
            self._write(self.image_path(digest, item.width), item.data)
        self.sweep()

    def remember(self, digest: str, refusal: Refusal) -> None:
        record = {
            "status": refusal.status,
            "code": refusal.code,
            "reason": refusal.reason,
            "lasting": refusal.lasting,
            "at": time.time(),
        }
        self._write(self._folder(digest) / f"{digest}.refused", json.dumps(record).encode())

    def refusal(self, digest: str) -> Remembered | None:
        try:
            record = json.loads((self._folder(digest) / f"{digest}.refused").read_bytes())
            refusal = Refusal(
                int(record["status"]),
                str(record["code"]),
                str(record["reason"]),
                lasting=bool(record["lasting"]),
            )
            return Remembered(refusal, float(record["at"]))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            return None  # a damaged record is as good as none: the image is asked for again

    def forget(self, digest: str) -> None:
        (self._folder(digest) / f"{digest}.refused").unlink(missing_ok=True)

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def sweep(self, *, force: bool = False) -> int:
        """Delete the oldest files while the folder is over its cap; the bytes freed."""
        now = time.monotonic()
        if not force and now - self._last_sweep < SWEEP_EVERY:
            return 0
        if not self._sweep_lock.acquire(blocking=False):
            return 0  # another thread is sweeping
        try:
            self._last_sweep = now
            files = []
            for path in self.root.glob("*/*"):
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                files.append((stat.st_mtime, stat.st_size, path))
            total = sum(size for _, size, _ in files)
            if total <= self.cap_bytes:
                return 0
            freed = 0
            target = total - int(self.cap_bytes * SWEEP_TO)
            for _, size, path in sorted(files, key=lambda f: f[0]):
                if freed >= target:
                    break
                path.unlink(missing_ok=True)
                freed += size
            return freed
        finally:
            self._sweep_lock.release()
