"""The HTTP API and the web UI: :func:`create_app` builds them, :func:`serve` runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from aluehaku.config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application (FastAPI is imported only when this is called)."""
    from .app import create_app as _create

    return _create(settings)


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> Any:
    """Run the server until interrupted."""
    from .serve import serve as _serve

    return _serve(settings, host, port)


__all__ = ["create_app", "serve"]
