"""Client for an OpenAI-compatible chat endpoint (Ollama, llama.cpp, vLLM, hosted APIs).

``LLMConfig.url`` is the server's base URL, with or without the ``/v1`` suffix:
``http://127.0.0.1:11434``, ``http://127.0.0.1:11434/v1`` and the full
``.../v1/chat/completions`` all reach ``POST {base}/v1/chat/completions``.

Every call returns an ``LLMExchange`` (model, prompt, raw output, error, time)
that the caller stores for audit, whether the call worked or not. A call never
takes longer than ``timeout_s``: the request runs on a worker thread and the
caller stops waiting at the deadline (the worker's own socket time-outs end it
soon after), because httpx time-outs are per read, not per request, and a
server that trickles bytes would otherwise hold a page hostage.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass

import httpx2

_MAX_RESPONSE_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class LLMConfig:
    url: str  # base URL, with or without "/v1"
    model: str
    api_key: str | None = None
    timeout_s: float = 20.0
    max_tokens: int = 700
    temperature: float = 0.0


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True, slots=True)
class LLMExchange:
    """One model call, as the operator audits it."""

    model: str
    prompt_messages: tuple[ChatMessage, ...]
    raw_output: str | None  # the assistant message content, None when there was none
    error: str | None  # "timeout after 20.0 s", "HTTP 500", "refusal: ...", None when fine
    elapsed_ms: int


def chat_completions_url(url: str) -> str:
    """Normalise a configured base URL to the chat-completions endpoint."""
    base = url.strip().rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


class LLMClient:
    """Talks to one configured endpoint. Thread-safe; holds no connection between calls."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.endpoint = chat_completions_url(config.url)

    @property
    def model(self) -> str:
        return self.config.model

    def complete(self, messages: Sequence[ChatMessage]) -> LLMExchange:
        """Send ``messages``; always returns (never raises), at the latest after ``timeout_s``."""
        prompt = tuple(messages)
        started = time.monotonic()
        future: Future[tuple[str | None, str | None]] = Future()

        def work() -> None:
            try:
                future.set_result(self._post(prompt))
            except Exception as exc:  # reported in the exchange, never raised
                future.set_result((None, f"{type(exc).__name__}: {exc}"[:500]))

        threading.Thread(target=work, name="newsdesk-llm", daemon=True).start()
        try:
            output, error = future.result(timeout=self.config.timeout_s)
        except TimeoutError:
            output, error = None, f"timeout after {self.config.timeout_s:g} s"
        elapsed = int((time.monotonic() - started) * 1000)
        return LLMExchange(self.config.model, prompt, output, error, elapsed)

    def _post(self, prompt: tuple[ChatMessage, ...]) -> tuple[str | None, str | None]:
        body = {
            "model": self.config.model,
            "messages": [{"role": m.role, "content": m.content} for m in prompt],
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
            "stream": False,
        }
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        timeout = httpx2.Timeout(self.config.timeout_s, connect=min(5.0, self.config.timeout_s))
        # trust_env=False: no proxy or netrc from the environment sees article text or the key.
        with (
            httpx2.Client(trust_env=False, timeout=timeout, follow_redirects=False) as client,
            client.stream("POST", self.endpoint, json=body, headers=headers) as response,
        ):
            data = bytearray()
            for chunk in response.iter_bytes():
                data.extend(chunk)
                if len(data) > _MAX_RESPONSE_BYTES:
                    return None, "response too large"
            if response.status_code != 200:
                return None, f"HTTP {response.status_code}"
        return _parse_completion(bytes(data))


def _parse_completion(data: bytes) -> tuple[str | None, str | None]:
    try:
        payload = json.loads(data)
        choice = payload["choices"][0]
        message = choice.get("message") or {}
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None, "malformed completion (not an OpenAI chat response)"
    content = message.get("content")
    refusal = message.get("refusal")
    if refusal:
        return (content if isinstance(content, str) else None), f"refusal: {str(refusal)[:200]}"
    if choice.get("finish_reason") == "content_filter":
        return (content if isinstance(content, str) else None), "refusal: content filter"
    if not isinstance(content, str) or not content.strip():
        return None, "empty completion"
    return content, None
