"""Searching the catalogue takes the text literally: % and _ are characters of part numbers, not wildcards (the top
bar's search and GET /api/v1/parts?q= both go through ``catalogue.list_parts``)."""

from __future__ import annotations

from app.core.schemas import PageParams
from app.inventory import catalogue
from tests.support.organizations import Org, unique
from tests.support.services import call, make_part


def test_wildcards_in_the_search_text_match_only_themselves(org: Org) -> None:
    literal = make_part(org, part_number=unique('RING_50%'), name='O-ring')
    plain = make_part(org, part_number=unique('RINGX50Y'), name='O-ring')
    found = {p.id for p in call(catalogue.list_parts, principal=org.viewer, q='_50%', page=PageParams(limit=500)).items}
    assert literal.id in found and plain.id not in found
