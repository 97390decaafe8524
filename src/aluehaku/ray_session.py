"""Attach to a Ray cluster, or start a small local Ray instance, for bulk ingestion.

``aluehaku ingest --ray ADDRESS`` parses and embeds on Ray workers while the driver (this
process) keeps writing the store alone. :func:`ray_session` gives the driver a connected Ray:

* ``auto`` — the Ray this process already runs (a test, a notebook), else the cluster named by
  ``RAY_ADDRESS``, else a new local instance sized for this machine (all its cores, a small
  object store, no dashboard, quiet logs) that is shut down again at the end;
* ``host:port`` — the head node's GCS address, when this machine is itself a node of the
  cluster (``ray start --address=head:6379`` was run here);
* ``ray://host:10001`` — the Ray Client port of a head node, from a machine outside it.

Ray is imported here, lazily (``aluehaku --help`` and the plain path never load it); a missing
package or an unreachable address end in a clean Finnish error, not a Ray traceback or Ray's own
minutes of retries (the address is probed first with a short TCP connect).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aluehaku.errors import AluehakuError, DependencyMissingError, UsageError

log = logging.getLogger(__name__)

#: Object store of a local instance we start: parse payloads are files (bounded by
#: ``max_file_mb``) and chunk lists, vectors come back in batches; Ray spills past it to disk.
LOCAL_OBJECT_STORE_MB = 256
#: Starts of a local instance tried before giving up: Ray waits a fixed 30 s for its raylet to
#: register with the GCS, which a loaded two-core machine can miss once (seen in CI).
LOCAL_START_ATTEMPTS = 2
#: How long the address probe waits for a TCP connection before calling the cluster unreachable.
PROBE_TIMEOUT_S = 5.0


class ClusterUnavailableError(AluehakuError):
    """The Ray cluster named by ``--ray`` cannot be reached (or refused the connection)."""

    slug = "cluster-unavailable"
    title = "Ray-klusteriin ei saatu yhteyttä"
    status = 503
    exit_code = 2


@dataclass
class RaySession:
    """A connected Ray and the bookkeeping of where the work ran.

    ``work`` counts tasks by (kind, worker) — kind ``parse`` (one file) or ``embed`` (one batch),
    worker ``node-ip/pid`` of the actor that ran it — for the CLI's summary and the benchmark.
    """

    address: str
    connected_here: bool
    ray: Any
    work: Counter[tuple[str, str]] = field(default_factory=Counter)

    def resources(self) -> dict[str, float]:
        """The cluster's total resources (``CPU``, ``GPU``, memory…) as Ray reports them."""
        return {k: float(v) for k, v in self.ray.cluster_resources().items()}

    def cpus(self) -> int:
        """Whole CPUs in the cluster (at least 1)."""
        return max(1, int(self.resources().get("CPU", 1)))

    def gpus(self) -> int:
        """Whole GPUs in the cluster (0 on a CPU-only cluster)."""
        return int(self.resources().get("GPU", 0))

    def nodes(self) -> int:
        """Live nodes in the cluster."""
        return sum(1 for n in self.ray.nodes() if n.get("Alive"))

    def record(self, kind: str, worker: str) -> None:
        """Count one task of ``kind`` that ``worker`` ran."""
        self.work[(kind, worker)] += 1

    def split(self, kind: str) -> dict[str, int]:
        """Tasks of ``kind`` per worker, busiest first."""
        counts = {w: n for (k, w), n in self.work.items() if k == kind}
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def import_ray() -> Any:
    """Import ``ray`` or say in Finnish how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise DependencyMissingError(
            "Hajautettu luku (--ray) tarvitsee Rayn: pip install 'aluehaku[cluster]' "
            "(tai pip install 'ray>=2.40')."
        ) from exc
    return ray


def worker_label() -> str:
    """``node-ip/pid`` of the Ray worker this runs in (for the work split)."""
    import ray

    return f"{ray.util.get_node_ip_address()}/{os.getpid()}"


def _host_port(address: str) -> tuple[str, int]:
    """The host and port of ``host:port`` or ``ray://host:port``; UsageError when malformed."""
    rest = address.removeprefix("ray://")
    host, sep, port = rest.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise UsageError(
            f"Ray-osoite {address!r} ei kelpaa: anna auto, isäntä:portti (esim. 10.0.0.5:6379) "
            "tai ray://isäntä:10001."
        )
    return host.strip("[]"), int(port)


def probe(address: str, timeout: float = PROBE_TIMEOUT_S) -> None:
    """Fail fast with :class:`ClusterUnavailableError` when nothing listens at ``address``.

    Ray itself keeps retrying an unreachable GCS for minutes; a TCP connect answers in seconds.
    """
    host, port = _host_port(address)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ClusterUnavailableError(
            f"Ray-klusteriin {address} ei saatu yhteyttä ({reason}). Tarkista osoite ja että "
            "pääsolmu on käynnissä (ray start --head), tai käytä --ray auto paikalliseen ajoon."
        ) from None


def _quiet_environment() -> None:
    """No usage reporting from a Ray started or attached from here (many servers have no
    route out, and a city's ingestion has no reason to report anywhere)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


def start_local(
    ray: Any,
    num_cpus: int | None,
    *,
    object_store_mb: int = LOCAL_OBJECT_STORE_MB,
    attempts: int = LOCAL_START_ATTEMPTS,
) -> None:
    """Start a local instance that leaves the machine usable: no dashboard, a small object
    store, logs of the workers kept in Ray's session folder instead of the terminal.

    A start that fails is tried again (up to ``attempts`` in all) after ``ray.shutdown()``
    resets Ray's state in this process (processes the failed start spawned are reaped with it
    at exit); the last failure is raised as Ray raised it.
    """
    for attempt in range(1, attempts + 1):
        try:
            ray.init(
                num_cpus=num_cpus or os.cpu_count() or 1,
                object_store_memory=object_store_mb * 1024 * 1024,
                include_dashboard=False,
                logging_level=logging.ERROR,
                log_to_driver=False,
            )
            return
        except Exception as exc:  # Ray raises a bare Exception for a raylet that never registers
            if attempt == attempts:
                raise
            log.warning(
                "Paikallisen Ray-instanssin käynnistys epäonnistui (%s: %s); yritys %d/%d",
                type(exc).__name__,
                str(exc)[:200],
                attempt + 1,
                attempts,
            )
            ray.shutdown()


@contextlib.contextmanager
def ray_session(address: str, *, num_cpus: int | None = None) -> Iterator[RaySession]:
    """Yield a :class:`RaySession` on ``address`` (see the module docstring for the forms).

    A local instance started here gets ``num_cpus`` (default: every core of this machine) and is
    shut down on exit; a Ray that was already running, here or elsewhere, is left running.
    """
    address = address.strip()
    ray = import_ray()
    _quiet_environment()
    target = os.environ.get("RAY_ADDRESS", "") if address == "auto" else address
    remote = target not in ("", "auto", "local")  # Ray's own words for "start one here"
    if remote:
        probe(target)  # also when this process runs a Ray: a wrong address is still an error
    if ray.is_initialized():
        yield RaySession(address, False, ray)
        return
    try:
        if remote:
            ray.init(address=target, logging_level=logging.ERROR, log_to_driver=False)
        else:
            start_local(ray, num_cpus)
    except AluehakuError:
        raise
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError…
        raise ClusterUnavailableError(
            f"Ray-instanssia ei voitu käynnistää tai siihen ei saatu yhteyttä ({address}): "
            f"{type(exc).__name__}: {str(exc)[:300]}"
        ) from None
    try:
        yield RaySession(address, True, ray)
    finally:
        ray.shutdown()
