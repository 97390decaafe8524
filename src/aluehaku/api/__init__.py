"""The HTTP API and the web UI: :func:`create_app` builds them, `aluehaku.api.serve` runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from aluehaku.config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application (FastAPI is imported only when this is called)."""
    from .app import create_app as _create

    return _create(settings)


__all__ = ["create_app"]
