"""A lean HTTP/1.1 load generator for throughput benchmarks: keep-alive sockets and requests built in advance.

Why not httpx: the benchmarks run the server, PostgreSQL and the clients on the same 2-core machine, and httpx spent
about a millisecond of CPU per request building, sending and parsing it — CPU the server under test then lacked.
This client sends bytes prepared before the clock starts and reads each answer by its Content-Length, so nearly
all of the machine goes to the server (the way wrk or oha are used against a server on the same host).
It speaks only what the benchmarks need: one request after another per connection, answers with Content-Length.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any


@dataclass
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def build_post(host: str, path: str, headers: dict[str, str], body: Any) -> bytes:
    """The bytes of one POST with a JSON body (keep-alive)."""
    payload = json.dumps(body).encode()
    lines = [f'POST {path} HTTP/1.1', f'Host: {host}', 'Content-Type: application/json']
    lines += [f'{name}: {value}' for name, value in headers.items()]
    lines += [f'Content-Length: {len(payload)}', '', '']
    return '\r\n'.join(lines).encode() + payload


class Connection:
    """One keep-alive connection; ``send`` writes a prepared request and returns its answer."""

    def __init__(self, port: int) -> None:
        self._socket = socket.create_connection(('127.0.0.1', port), timeout=60)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = b''

    def send(self, request: bytes) -> Answer:
        self._socket.sendall(request)
        while b'\r\n\r\n' not in self._buffer:
            self._receive()
        head, self._buffer = self._buffer.split(b'\r\n\r\n', 1)
        status_line, *header_lines = head.split(b'\r\n')
        length = 0
        for line in header_lines:
            name, _, value = line.partition(b':')
            if name.strip().lower() == b'content-length':
                length = int(value)
        while len(self._buffer) < length:
            self._receive()
        body, self._buffer = self._buffer[:length], self._buffer[length:]
        return Answer(int(status_line.split()[1]), body)

    def _receive(self) -> None:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise ConnectionError('the server closed the connection')
        self._buffer += chunk

    def close(self) -> None:
        self._socket.close()


def run_clients(
    port: int, requests_per_client: list[list[bytes]], check: Callable[[Answer], None]
) -> tuple[float, list[Answer]]:
    """Each client sends its first request to open the connection, then all start together and send the rest
    one after another. Returns (answers per second after the start, every answer)."""
    start = threading.Barrier(len(requests_per_client) + 1, timeout=120)

    def client(requests: list[bytes]) -> list[Answer]:
        connection = Connection(port)
        try:
            first = connection.send(requests[0])
            try:
                check(first)
            except Exception:
                start.abort()
                raise
            start.wait()
            answers = [first]
            for request in requests[1:]:
                answers.append(connection.send(request))
                check(answers[-1])
            return answers
        finally:
            connection.close()

    with ThreadPoolExecutor(len(requests_per_client)) as pool:
        futures = [pool.submit(client, requests) for requests in requests_per_client]
        start.wait()
        began = time.perf_counter()
        answers = [answer for future in futures for answer in future.result()]
        elapsed = time.perf_counter() - began
    return (len(answers) - len(requests_per_client)) / elapsed, answers
