"""The router of the work orders pages: each page and browser route of this area is registered on it,
and the composition root includes it (``pages.kernel.areas``)."""

from nicegui import APIRouter

router = APIRouter()
