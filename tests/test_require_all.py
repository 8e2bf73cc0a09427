"""CMMS_REQUIRE_ALL=1 (CI) turns every skip into a failure: a test's own skip and a whole module's."""

from __future__ import annotations

import pytest

import tests.conftest as project_conftest

INNER_CONFTEST = 'from tests.conftest import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401\n'


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setattr(project_conftest, 'REQUIRE_ALL', True)
    pytester.makeconftest(INNER_CONFTEST)
    return pytester


def test_a_module_level_skip_fails_the_run(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_needs_broker="""
        import pytest
        pytest.skip('no broker here', allow_module_level=True)

        def test_publish():
            pass
        """
    )
    result = inner.runpytest_inprocess('-p', 'no:randomly')
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(['*skipped with CMMS_REQUIRE_ALL=1*no broker here*'])


def test_a_skip_inside_a_test_fails_it(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_needs_server="""
        import pytest

        def test_query():
            pytest.skip('no server here')
        """
    )
    result = inner.runpytest_inprocess('-p', 'no:randomly')
    result.assert_outcomes(failed=1)
