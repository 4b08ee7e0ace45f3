"""Canonical URL keys: one key for the many spellings of one article URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from newsdesk.text.links import MAX_URL_CHARS

# Tracking parameters added by newsletters, social sites and ad platforms; they never
# select different content.
_TRACKING = re.compile(
    r"^(?:utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ocid|cmpid|smid|smtyp|cmp|sr_share|share|ref|ref_src|ref_url|source|taid|at_medium|"
    r"at_campaign|at_custom\d*|ito|icid|ns_mchannel|ns_source|ns_campaign|spm|"
    r"__twitter_impression|mkt_tok|s_cid|wt\.mc_id|cid)$",
    re.IGNORECASE,
)


def canonical_url_key(url: str) -> str:
    """A normalised form of ``url`` that equal articles share.

    Lower-case host without ``www.``/``m.``, no scheme (http and https are the same
    article), no default port, no fragment, no tracking parameters, remaining query
    parameters sorted, no trailing slash. Long keys should be hashed (sha256) by the
    caller before use as an index key.
    """
    url = url.strip()[:MAX_URL_CHARS]
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        port = parts.port
    except ValueError:
        return url
    host = (parts.hostname or "").rstrip(".")
    for prefix in ("www.", "m."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/%:@!$&'()*+,;=-._~")
    path = re.sub(r"/{2,}", "/", path).rstrip("/")
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    key = host + path
    if query:
        key += "?" + urlencode(sorted(query))
    return key
