"""The router of the inventory pages: each page and browser route of this area is registered on it,
and the composition root includes it (``pages.kernel.areas``)."""

from nicegui import APIRouter

router = APIRouter()
