"""A register file at a URL (a CSV of projects, grants or decisions): one item, read by the
tabular loader row by row; fetched again only when the server says it changed."""

from __future__ import annotations

from .discovery import Crawl, Item


def discover(crawl: Crawl) -> list[Item]:
    """The register itself."""
    return [Item(crawl.config.url, accept=("csv",), main_content=False)]
