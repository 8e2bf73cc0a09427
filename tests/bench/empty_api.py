"""The framework's ceiling for B4a: a FastAPI POST that validates a body and answers, with no database at all.

Served by uvicorn in its own process like the real API, it shows how many requests per second this machine's
Python web stack can answer at all, beside which the work-order creation rate can be read.
"""

from __future__ import annotations

from fastapi import FastAPI

from app.work_orders.schemas import WorkOrderCreate

app = FastAPI()


@app.post('/api/v1/work-orders', status_code=201)
def accept(body: WorkOrderCreate) -> dict:
    return {'title': body.title}
