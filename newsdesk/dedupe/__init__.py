"""Fold wire copies: exact and near-duplicate detection, and which copy to credit."""

from newsdesk.dedupe.fingerprint import (
    COPY_THRESHOLD,
    Fingerprint,
    fingerprint,
    is_copy,
    shingle_jaccard,
)
from newsdesk.dedupe.original import CopyCandidate, choose_original
from newsdesk.dedupe.urls import canonical_url_key

__all__ = [
    "COPY_THRESHOLD",
    "CopyCandidate",
    "Fingerprint",
    "canonical_url_key",
    "choose_original",
    "fingerprint",
    "is_copy",
    "shingle_jaccard",
]
