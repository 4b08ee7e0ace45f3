from __future__ import annotations

import pytest

from tests.support.redis import RedisServer


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    yield server
    server.stop()
