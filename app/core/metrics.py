"""Prometheus metrics: HTTP requests, background jobs, outbox deliveries."""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REGISTRY = CollectorRegistry()

HTTP_REQUESTS = Counter(
    'cmms_http_requests_total', 'HTTP requests handled', ['method', 'route', 'status'], registry=REGISTRY
)
HTTP_LATENCY = Histogram(
    'cmms_http_request_duration_seconds',
    'HTTP request latency',
    ['method', 'route'],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
JOB_RUNS = Counter('cmms_job_runs_total', 'Background job runs by outcome', ['job', 'outcome'], registry=REGISTRY)
JOB_DURATION = Histogram('cmms_job_duration_seconds', 'Background job run time', ['job'], registry=REGISTRY)
OUTBOX_DELIVERIES = Counter(
    'cmms_outbox_deliveries_total', 'Outbox deliveries by subscriber and outcome', ['subscriber', 'outcome'],
    registry=REGISTRY,
)  # fmt: skip
OUTBOX_LAG = Histogram(
    'cmms_outbox_delivery_lag_seconds', 'From publishing an event to its delivery',
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600), registry=REGISTRY,
)  # fmt: skip


def render_metrics() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class RequestMetricsMiddleware:
    """Counts and times every HTTP request, labelled by route template (bounded label values)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message['type'] == 'http.response.start':
                status = message['status']
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            template = _route_template(scope) or ('unmatched' if status == 404 else 'other')
            method = scope.get('method', 'GET')
            HTTP_REQUESTS.labels(method, template, str(status)).inc()
            HTTP_LATENCY.labels(method, template).observe(time.perf_counter() - started)


def _route_template(scope: Scope) -> str | None:
    """The matched route's template with the full path, e.g. /api/v1/sites/{site_id}."""
    route = scope.get('route')
    template = getattr(route, 'path_format', None) or getattr(route, 'path', None)
    regex = getattr(route, 'path_regex', None)
    if template is None or regex is None:
        return template
    # FastAPI keeps an included router's routes without the router's prefix (/sites, not /api/v1/sites), which
    # would merge API calls with pages of the same path: put back the part of the path before what the route matched.
    path = scope.get('path', '')
    for index, char in enumerate(path):
        if char == '/' and regex.match(path[index:]):
            return path[:index] + template
    return template
