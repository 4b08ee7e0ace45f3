"""Signed image addresses are made once per image and shape, and never outlive the key."""

from __future__ import annotations

import re

import pytest

from newsdesk.media.signing import BadToken, unsign
from newsdesk.web.templatetags.newsdesk_images import picture

URL = "https://harbour-ledger.example/images/dam.jpg"


def _token(html: str) -> str:
    return re.search(r'src="/media/([^/"]+)/', html).group(1)


def test_a_picture_is_signed_once_and_again_under_a_new_key(settings):
    first = picture(URL, "card")
    assert picture(URL, "card") == first  # the memo's: same bytes, no new timestamp
    assert unsign(_token(first), 320).url == URL
    settings.SECRET_KEY = "another-key-" + "k" * 40
    renewed = picture(URL, "card")
    assert _token(renewed) != _token(first)
    # Made under the key in force: it unsigns now, the old one no longer does.
    assert unsign(_token(renewed), 320).url == URL
    with pytest.raises(BadToken):
        unsign(_token(first), 320)
