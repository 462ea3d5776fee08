"""The chaos run's verdict: every acknowledged command against the log in Redis and the final state.

- **lost**: a command acked ``ok`` whose op is not in the log, or whose effect
  is not in the final state: an acked note that neither exists nor was deleted
  by an acked ``delete_note``; a note whose text, colour or position is not the
  one its author's last acked edit set; a dot acked but not counted for its
  participant (per note, compared with a fresh welcome's ``my_votes``).
- **duplicated**: an op whose command was applied more than once (its first
  event, which carries ``"op": "participant:op"``, appears twice in the log),
  or more dots counted for a participant on a note than were acked.
- **wrong_ack**: an ``ok`` ack whose result differs from the result stored
  with the op (a retry must be acked with the first result).
- **phantom**: a command acked with a refusal whose op is in the log anyway.
- **diverged**: a client whose picture of the board (``BoardView.essentials``)
  differs from what a fresh ``welcome`` gives the same identity, or that never
  caught up with the log.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from bench.chaos.client import ChaosClient, Command
from testkit.view import BoardView

Event = dict[str, Any]
NOTE_FIELDS = {"edit_note": ("text",), "move_note": ("x", "y"), "recolor_note": ("color",)}


def audit(
    log: list[tuple[int, Event]],
    clients: list[ChaosClient],
    fresh: dict[str, BoardView],
    reference: BoardView,
    behind: set[str],
) -> dict[str, Any]:
    """``reference`` is the facilitator's fresh view (it sees hidden notes); ``fresh`` is by client name."""
    problems: list[str] = []
    seqs = [seq for seq, _ in log]
    logged: dict[str, list[Event]] = defaultdict(list)
    for _, event in log:
        if "op" in event:
            logged[event["op"]].append(event)
    expired = Counter(ev["timer"]["generation"] for _, ev in log if ev["type"] == "timer_expired")

    commands = [(c, cmd) for c in clients for cmd in c.commands]
    acked = [(c, cmd) for c, cmd in commands if cmd.ack is not None]
    ok = [(c, cmd) for c, cmd in acked if cmd.ok]
    refused = Counter(str(cmd.ack.get("code")) for _, cmd in acked if not cmd.ok)  # type: ignore[union-attr]
    lost: set[str] = set()
    wrong_ack = phantom = 0
    for c, cmd in acked:
        key = f"{c.me}:{cmd.op}"
        entries = logged.get(key, [])
        if cmd.ok and not entries:
            lost.add(key)
            problems.append(f"lost: {c.name} {cmd.kind} {cmd.op} acked ok but not in the log")
        elif cmd.ok and entries[0].get("result") != cmd.ack["result"]:  # type: ignore[index]
            wrong_ack += 1
            problems.append(f"wrong ack: {c.name} {cmd.op} acked {cmd.ack} but logged {entries[0].get('result')}")
        elif not cmd.ok and entries:
            phantom += 1
            problems.append(f"phantom: {c.name} {cmd.kind} {cmd.op} refused ({cmd.ack}) but in the log")
    dup_ops = [key for key, entries in logged.items() if len(entries) > 1]
    problems += [f"duplicated: {key} applied {len(logged[key])} times" for key in dup_ops]

    notes_lost, votes = _effects(ok, reference, fresh, problems)
    lost |= notes_lost
    lost |= votes["lost"]
    diverged = 0
    for c in clients:
        if c.name in behind:
            diverged += 1
            problems.append(f"diverged: {c.name} never caught up (at {c.view.seq}, log at {seqs[-1] if seqs else 0})")
            continue
        mine, ref = c.view.essentials(), fresh[c.name].essentials()
        if mine != ref:
            diverged += 1
            problems.append(f"diverged: {c.name}: {_diff(mine, ref)}")
    return {
        "sent": len(commands),
        "acked": len(acked),
        "ok": len(ok),
        "refused": dict(sorted(refused.items())),
        "unacked": len(commands) - len(acked),
        "present": len(ok) - len(lost & {f"{c.me}:{cmd.op}" for c, cmd in ok}),
        "lost": len(lost),
        "duplicated": len(dup_ops) + votes["surplus"],
        "wrong_ack": wrong_ack,
        "phantom": phantom,
        "diverged": diverged,
        "log_events": len(log),
        "log_gaps": int(seqs != list(range(1, len(seqs) + 1))),
        "timer_expired_twice": sum(1 for n in expired.values() if n > 1),
        "votes_checked": votes["checked"],
        "problems": problems[:20],
    }


def _effects(
    ok: list[tuple[ChaosClient, Command]], reference: BoardView, fresh: dict[str, BoardView], problems: list[str]
) -> tuple[set[str], dict[str, Any]]:
    """Acked notes, note changes and dots against the final state."""
    notes = reference.notes
    lost: set[str] = set()
    deleted = {cmd.fields["note"] for _, cmd in ok if cmd.kind == "delete_note"}
    # note -> field -> (value the last acked command set, that command's key); acks on one note come in log order.
    expect: dict[str, dict[str, tuple[Any, str]]] = defaultdict(dict)
    for c, cmd in ok:
        key = f"{c.me}:{cmd.op}"
        if cmd.kind == "add_note":
            note = cmd.ack["result"]["note"]  # type: ignore[index]
            if note not in notes and note not in deleted:
                lost.add(key)
                problems.append(f"lost: {c.name} note {note} was acked, is not on the board and was never deleted")
            for name in ("text", "color", "x", "y"):
                if name in cmd.fields:
                    expect[note][name] = (cmd.fields[name], key)
        elif cmd.kind in NOTE_FIELDS:
            for name in NOTE_FIELDS[cmd.kind]:
                expect[cmd.fields["note"]][name] = (cmd.fields[name], key)
    for note, fields in expect.items():
        if note not in notes:
            continue
        for name, (value, key) in fields.items():
            if notes[note].get(name) != value:
                lost.add(key)
                problems.append(f"lost: note {note} {name} is {notes[note].get(name)!r}, last acked {value!r} ({key})")

    surplus = checked = 0
    by_client: dict[str, list[tuple[ChaosClient, Command]]] = defaultdict(list)
    for c, cmd in ok:
        if cmd.kind in ("vote", "unvote"):
            by_client[c.name].append((c, cmd))
    for name, cmds in by_client.items():
        want: Counter[str] = Counter()
        for _, cmd in cmds:
            want[cmd.fields["note"]] += 1 if cmd.kind == "vote" else -1
        have = fresh[name].my_votes
        for note in sorted(set(want) | set(have)):
            expected = want[note] if note in notes else 0  # a deleted note's dots went back
            diff = expected - have.get(note, 0)
            checked += 1
            if diff > 0:
                votes = [f"{c.me}:{cmd.op}" for c, cmd in cmds if cmd.kind == "vote" and cmd.fields["note"] == note]
                lost.update(votes[-diff:])
                problems.append(f"lost: {name} has {have.get(note, 0)} dots on {note}, {expected} were acked")
            elif diff < 0:
                surplus += -diff
                problems.append(f"duplicated: {name} has {have.get(note, 0)} dots on {note}, {expected} were acked")
    return lost, {"lost": lost, "surplus": surplus, "checked": checked}


def _diff(mine: dict[str, Any], ref: dict[str, Any]) -> str:
    out = []
    for key in sorted(set(mine) | set(ref)):
        a, b = mine.get(key), ref.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            out.append(
                f"{key}[{', '.join(map(str, keys[:5]))}]: "
                + "; ".join(f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in keys[:3])
            )
        else:
            out.append(f"{key}: {a!r} != {b!r}")
    return " | ".join(out)[:600]
