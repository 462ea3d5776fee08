"""Clusters: named groups of notes (affinity mapping)."""

from __future__ import annotations

from server.domain import rules
from server.domain.state import Actor, BoardState, Cluster, Command, Event

NAME_LIMIT = 80
GROUPING_PHASES = ("group",)


def create_cluster(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_member(state, actor)
    rules.require_phase(state, actor, *GROUPING_PHASES)
    name = rules.clean_text(state, cmd.get("name"), limit=NAME_LIMIT)
    return [{"type": "cluster_created", "id": rules.new_id(state, "c"), "name": name}]


def rename_cluster(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_member(state, actor)
    rules.require_phase(state, actor, *GROUPING_PHASES)
    c = rules.cluster(state, cmd.get("cluster"))
    name = rules.clean_text(state, cmd.get("name"), limit=NAME_LIMIT)
    return [{"type": "cluster_renamed", "id": c.id, "name": name}]


def delete_cluster(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    c = rules.cluster(state, cmd.get("cluster"))
    return [{"type": "cluster_deleted", "id": c.id}]


def cluster_note(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Put a note in a cluster, or take it out with ``cluster: null``."""
    rules.require_member(state, actor)
    rules.require_phase(state, actor, *GROUPING_PHASES)
    n = rules.note(state, cmd.get("note"), for_actor=actor)
    target = cmd.get("cluster")
    cluster_id = None if target is None else rules.cluster(state, target).id
    return [{"type": "note_clustered", "id": n.id, "cluster": cluster_id, "hidden": n.hidden}]


DECIDE = {
    "create_cluster": create_cluster,
    "rename_cluster": rename_cluster,
    "delete_cluster": delete_cluster,
    "cluster_note": cluster_note,
}


def _fold_created(state: BoardState, ev: Event) -> None:
    state.clusters[ev["id"]] = Cluster(ev["id"], ev["name"])
    state.next_id += 1


def _fold_renamed(state: BoardState, ev: Event) -> None:
    state.clusters[ev["id"]].name = ev["name"]


def _fold_deleted(state: BoardState, ev: Event) -> None:
    del state.clusters[ev["id"]]
    state.decisions.pop(ev["id"], None)
    for n in state.notes.values():
        if n.cluster == ev["id"]:
            n.cluster = None


def _fold_clustered(state: BoardState, ev: Event) -> None:
    state.notes[ev["id"]].cluster = ev["cluster"]


FOLD = {
    "cluster_created": _fold_created,
    "cluster_renamed": _fold_renamed,
    "cluster_deleted": _fold_deleted,
    "note_clustered": _fold_clustered,
}
