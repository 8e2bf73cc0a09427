"""The router of the scheduling pages: each page of this area is registered on it, and the composition root
includes it (``pages.kernel.areas``)."""

from nicegui import APIRouter

router = APIRouter()
