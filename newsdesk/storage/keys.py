"""Fixed-length keys for unbounded values: an 8 KB URL must not break a unique index."""

import hashlib


def text_key(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
