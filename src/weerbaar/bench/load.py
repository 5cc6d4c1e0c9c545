"""The load generator: simulated respondents submitting survey pages over loopback.

Each respondent answers the employee survey over one HTTP/1.1 keep-alive connection
(asyncio streams) against the benchmark server (:mod:`.server`).
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from weerbaar.surveys.types import Answers, QuestionnaireDefinition


@dataclass
class LoadResult:
    submits: int
    seconds: float
    latencies: list[float]
    errors: int
    completed: int
    error_samples: list[str]
    stamps: list[float] = field(default_factory=list)

    def p95_ms(self) -> float:
        lat = sorted(self.latencies)
        return lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else float("nan")

    def steady_rate(self) -> float:
        """Submits per second over the middle 80% of submits (no ramp-up, no tail)."""
        stamps = sorted(self.stamps)
        if len(stamps) < 20:
            return self.submits / self.seconds if self.seconds else 0.0
        lo, hi = int(0.1 * len(stamps)), int(0.9 * len(stamps))
        span = stamps[hi] - stamps[lo]
        return (hi - lo) / span if span > 0 else 0.0


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _form_fields(
    definition: QuestionnaireDefinition, page_index: int, answers: Answers, visible: set[str]
) -> list[tuple[str, object]]:
    fields: list[tuple[str, object]] = []
    for q in definition["pages"][page_index]["questions"]:
        if q["id"] not in visible or q["id"] not in answers:
            continue
        value = answers[q["id"]]
        name = f"q-{q['id']}"
        if isinstance(value, list):
            fields += [(name, v) for v in value]
        elif isinstance(value, dict):
            fields += [(f"{name}-{row}", v) for row, v in value.items()]
        else:
            fields.append((name, value))
    return fields


class Respondent:
    """One simulated respondent: intro page, start, then POST every page of its routing.

    The request bodies are encoded before the clock starts; the client speaks HTTP/1.1
    with keep-alive over asyncio streams (cheap on CPU, so the server gets the cores).
    ``acked``: the index of the last page whose submit the server acknowledged.
    """

    def __init__(
        self,
        token: str,
        definition: QuestionnaireDefinition,
        answers: Answers,
        base: str = "",
    ) -> None:
        from weerbaar.surveys import routing

        self.token = token
        self.base = base or f"/r/{token}/"
        self.sequence = routing.page_sequence(definition, answers)
        visible = set(routing.visible_questions(definition, answers))
        self.pages = []
        self.page_answers: list[dict] = []
        for i, page in enumerate(self.sequence):
            last = i == len(self.sequence) - 1
            fields: list[tuple[str, object]] = [("page", page)]
            fields.append(("action", "submit" if last else "next"))
            fields += _form_fields(definition, page, answers, visible)
            expected = "/bedankt/" if last else f"p={self.sequence[i + 1]}"
            self.pages.append((page, urlencode(fields), "" if base else expected))
            ids = {q["id"] for q in definition["pages"][page]["questions"]} & visible
            self.page_answers.append({k: answers[k] for k in ids if k in answers})
        self.cookie = ""
        self.csrf = ""
        self.started = False
        self.answers = answers
        self.done = False
        self.acked = -1

    def acknowledged(self) -> dict:
        """The answers of every page the server acknowledged."""
        out: dict = {}
        for chunk in self.page_answers[: self.acked + 1]:
            out.update(chunk)
        return out


async def _http(reader, writer, method: str, path: str, cookie: str, body: str = ""):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    data = body.encode()
    if method == "POST":
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(data)}\r\n"
    writer.write(head.encode() + b"\r\n" + data)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed by the server")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    cookies = []
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _sep, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "set-cookie":
            cookies.append(value.strip())
        headers[name] = value.strip()
    length = int(headers.get("content-length", "0"))
    payload = await reader.readexactly(length) if length else b""
    return status, headers.get("location", ""), payload, cookies, headers


async def _start(reader, writer, r: Respondent) -> None:
    """Open the link (CSRF cookie and token) and start answering."""
    status, _loc, body, cookies, _h = await _http(reader, writer, "GET", r.base, "")
    for c in cookies:
        if c.startswith("csrftoken="):
            r.cookie = c.split(";", 1)[0]
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match:
        raise RuntimeError(f"intro page: HTTP {status}")
    r.csrf = "csrfmiddlewaretoken=" + match.group(1).decode()
    status, _loc, _b, _c, _h = await _http(reader, writer, "POST", r.base, r.cookie, r.csrf)
    if status != 302:
        raise RuntimeError(f"start: HTTP {status}")
    r.started = True


async def _run_respondent(
    port, r: Respondent, result: LoadResult, deadline: float, interval: float = 0.0
) -> None:
    """Start (unless done before the clock started), then submit every page."""
    writer = None
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        if not r.started:
            await _start(reader, writer, r)
        next_at = time.monotonic()
        for index, (page, body_text, expected) in enumerate(r.pages):
            if interval:  # pacing: one page per interval per respondent ("reading time")
                delay = next_at - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                next_at = max(next_at + interval, time.monotonic() - interval)
            if time.monotonic() > deadline:
                raise TimeoutError("time limit")
            t0 = time.perf_counter()
            status, loc, _b, _c, headers = await _http(
                reader, writer, "POST", r.base + "vragen/", r.cookie, r.csrf + "&" + body_text
            )
            now = time.perf_counter()
            result.latencies.append(now - t0)
            result.stamps.append(now)
            result.submits += 1
            if status != 302 or expected not in loc:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"page {page}: HTTP {status} {loc}")
                return
            r.acked = index
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        result.completed += 1
        r.done = True
    except Exception as exc:  # noqa: BLE001 - every failure counts as an error of the run
        result.errors += 1
        if len(result.error_samples) < 5:
            result.error_samples.append(repr(exc))
    finally:
        if writer is not None:
            writer.close()


def start_all(port: int, respondents: list[Respondent], concurrency: int) -> int:
    """Open and start every respondent's link before the clock starts; returns the errors
    (so that the measured load is page submits only: the intro page is not one)."""
    errors = 0

    async def main():
        nonlocal errors
        queue = list(respondents)

        async def worker():
            nonlocal errors
            while queue:
                r = queue.pop()
                writer = None
                try:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    await _start(reader, writer, r)
                except (OSError, RuntimeError, asyncio.IncompleteReadError):
                    errors += 1
                finally:
                    if writer is not None:
                        writer.close()

        await asyncio.gather(*(worker() for _ in range(concurrency)))

    asyncio.run(main())
    return errors


def run_load(
    port: int,
    respondents: list[Respondent],
    concurrency: int,
    limit_s: float,
    rate: float = 0.0,
):
    """``concurrency`` respondents at a time until all are done or the time limit passes.

    ``rate``: the offered load in page submits per second over all respondents (each
    respondent then submits a page every ``concurrency / rate`` seconds, or immediately
    when the server is behind); 0 sends every page as soon as the previous one returned
    (saturation: the latency is then just queueing, concurrency / throughput).
    """
    result = LoadResult(0, 0.0, [], 0, 0, [])
    interval = concurrency / rate if rate else 0.0

    async def main():
        queue = list(reversed(respondents))
        deadline = time.monotonic() + limit_s

        async def worker(index: int):
            if interval:  # spread the starts over one interval
                await asyncio.sleep(interval * index / concurrency)
            while queue and time.monotonic() < deadline:
                await _run_respondent(port, queue.pop(), result, deadline, interval)

        await asyncio.gather(*(worker(i) for i in range(concurrency)))

    t0 = time.perf_counter()
    asyncio.run(main())
    result.seconds = time.perf_counter() - t0
    return result
