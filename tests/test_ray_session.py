"""Starting a local Ray: a start that fails once (a raylet that misses Ray's fixed 30 s
registration deadline on a loaded machine) is cleared and tried again; a lasting failure is
raised. A stand-in for the ``ray`` module keeps these tests fast and Ray-free."""

from __future__ import annotations

from typing import Any

import pytest

from aluehaku.ray_session import LOCAL_START_ATTEMPTS, start_local

TIMED_OUT = "The current node timed out during startup."


class FakeRay:
    """Records ``init`` and ``shutdown`` calls; ``init`` fails the first ``failures`` times."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: list[str] = []
        self.init_kwargs: list[dict[str, Any]] = []

    def init(self, **kwargs: Any) -> None:
        self.calls.append("init")
        self.init_kwargs.append(kwargs)
        if self.failures > 0:
            self.failures -= 1
            raise Exception(TIMED_OUT)  # what Ray raises, a bare Exception

    def shutdown(self) -> None:
        self.calls.append("shutdown")


def test_a_start_that_times_out_once_is_cleared_and_tried_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeRay(failures=1)
    start_local(fake, 2, object_store_mb=100)
    assert fake.calls == ["init", "shutdown", "init"]
    assert fake.init_kwargs[1]["num_cpus"] == 2
    assert fake.init_kwargs[1]["object_store_memory"] == 100 * 1024 * 1024
    assert fake.init_kwargs[1]["include_dashboard"] is False
    assert any("timed out" in record.getMessage() for record in caplog.records)


def test_a_start_that_keeps_failing_raises_rays_error_after_the_last_attempt() -> None:
    fake = FakeRay(failures=LOCAL_START_ATTEMPTS)
    with pytest.raises(Exception, match="timed out during startup"):
        start_local(fake, None)
    assert fake.calls.count("init") == LOCAL_START_ATTEMPTS
    assert fake.calls.count("shutdown") == LOCAL_START_ATTEMPTS - 1
    assert fake.init_kwargs[0]["num_cpus"] >= 1  # every core of this machine


def test_a_first_start_that_works_is_not_repeated() -> None:
    fake = FakeRay(failures=0)
    start_local(fake, 1)
    assert fake.calls == ["init"]
