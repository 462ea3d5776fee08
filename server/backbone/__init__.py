"""Backbone implementations, chosen by URL (see ``base.py``)."""

from __future__ import annotations

from pathlib import Path

from server.backbone.base import Backbone, BackboneDown, Batch, Conflict

__all__ = ["Backbone", "BackboneDown", "Batch", "Conflict", "from_url"]


def from_url(url: str, data_dir: Path) -> Backbone:
    """``memory://`` (the embedded default), ``redis://...`` or ``redis+cluster://host:port,...``; imports lazily."""
    if url in ("", "memory://") or url.startswith("memory:"):
        from server.backbone.memory import MemoryBackbone

        return MemoryBackbone(data_dir)
    if url.startswith(("redis+cluster://", "rediss+cluster://")):
        from server.backbone.redis_cluster import ClusterBackbone  # type: ignore[import-not-found,unused-ignore]

        return ClusterBackbone(url)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from server.backbone.redis import RedisBackbone  # type: ignore[import-not-found,unused-ignore]

        return RedisBackbone(url)
    raise ValueError(f"unknown backbone URL {url!r}: use memory://, redis://host:port/db or redis+cluster://host:port,host:port")
