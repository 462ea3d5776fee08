"""A real Redis Cluster of one's own: six ``redis-server`` processes, three masters and three replicas.

Each node is a :class:`RedisServer` in cluster mode (its own port and directory,
append-only file on), and ``redis-cli --cluster create ... --cluster-replicas 1``
joins them. ``cluster-node-timeout`` is short (2 s by default) so that a test
can ``kill -9`` a master and see its replica promoted within a few seconds.
Anything that keeps the cluster from reaching ``cluster_state:ok`` raises: a
test on a cluster that did not start fails, it is not skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Self

import redis

from testkit.process import free_port
from testkit.redis_server import CLIENT_TIMEOUT, RedisServer

NODES = 6  # three masters, one replica each
NODE_TIMEOUT_MS = 2000  # a master silent this long is failed over to its replica
CREATE_TIMEOUT = 60.0  # seconds for the cluster to be created and agree it is ok
POLL = 0.1  # seconds between two checks of the cluster's state


class ClusterNode(RedisServer):
    """One node: a :class:`RedisServer` with ``cluster-enabled yes``."""

    name = "redis-cluster-node"

    def __init__(self, directory: Path, port: int | None = None, *, node_timeout_ms: int = NODE_TIMEOUT_MS) -> None:
        super().__init__(directory, port, durable=True)
        self.node_timeout_ms = node_timeout_ms
        self.bus_port = free_port()  # the default (port + 10000) is out of range for most free ports

    def command(self) -> list[str]:
        return [
            *super().command(), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-port", str(self.bus_port),
            "--cluster-node-timeout", str(self.node_timeout_ms), "--cluster-require-full-coverage", "no",
            "--cluster-allow-pubsubshard-when-down", "yes", "--repl-diskless-sync-delay", "0",
        ]  # fmt: skip

    def info(self, section: str) -> dict[str, object]:
        with self.client() as r:
            return dict(r.info(section))

    def role(self) -> str:
        return str(self.info("replication").get("role"))


class RedisCluster:
    """``with RedisCluster(dir) as cluster:`` -- six nodes, created, ``cluster_state:ok`` on every node."""

    name = "redis-cluster"

    def __init__(self, directory: Path, *, node_timeout_ms: int = NODE_TIMEOUT_MS) -> None:
        self.dir = directory
        self.nodes = [ClusterNode(directory / f"node{i}", node_timeout_ms=node_timeout_ms) for i in range(NODES)]

    @property
    def url(self) -> str:
        """``redis+cluster://`` with every node as a seed."""
        return "redis+cluster://" + ",".join(f"127.0.0.1:{n.port}" for n in self.nodes)

    def start(self) -> Self:
        try:
            for node in self.nodes:
                node.start()
            cli = shutil.which("redis-cli")
            if cli is None:
                raise RuntimeError("redis-cli is not installed (Debian's redis-tools)")
            addresses = [f"127.0.0.1:{n.port}" for n in self.nodes]
            subprocess.run(
                [cli, "--cluster", "create", *addresses, "--cluster-replicas", "1", "--cluster-yes"],
                check=True, capture_output=True, timeout=CREATE_TIMEOUT,
            )  # fmt: skip
            self.wait_ok(self.nodes)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ok(self, nodes: list[ClusterNode], timeout: float = CREATE_TIMEOUT) -> None:
        """Until every node in ``nodes`` says ``cluster_state:ok``, sees three masters covering every slot,
        and each master among them has an online replica."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                states = [self._state(node) for node in nodes]
            except (redis.RedisError, OSError) as exc:
                last = str(exc)
            else:
                if all(states):
                    return
                last = "not every node agrees yet"
            time.sleep(POLL)
        raise RuntimeError(f"the Redis cluster is not ok after {timeout:.0f}s ({last}):\n{nodes[0].log()}")

    @staticmethod
    def _state(node: ClusterNode) -> bool:
        """Cluster ok, three shards, and a master's replica in sync (else WAIT 1 would time out)."""
        with node.client() as r:
            info = r.execute_command("CLUSTER", "INFO")
            text = info.decode() if isinstance(info, bytes) else str(info)
            if "cluster_state:ok" not in text or "cluster_slots_ok:16384" not in text:
                return False
            if len({int(master[1]) for _start, _end, master, *_ in r.execute_command("CLUSTER", "SLOTS")}) != 3:
                return False  # three masters (a moved slot splits their ranges)
            replication = r.info("replication")
            if replication.get("role") != "master":
                return True
            replica = replication.get("slave0")
            return isinstance(replica, dict) and replica.get("state") == "online"

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    @property
    def port(self) -> int:
        return self.nodes[0].port

    def log(self) -> str:
        """The end of every node's log."""
        return "\n".join(f"--- node {n.port} ---\n{n.log()}" for n in self.nodes)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- looking and poking -----------------------------------------------------------

    def running(self) -> list[ClusterNode]:
        return [n for n in self.nodes if n.running]

    def masters(self) -> list[ClusterNode]:
        """The live nodes that are masters right now."""
        return [n for n in self.running() if n.role() == "master"]

    def node_of(self, key: str) -> ClusterNode:
        """The live master that holds ``key``'s slot now (as the first live master sees it)."""
        slot = key_slot(key)
        with self.masters()[0].client() as r:
            for start, end, master, *_replicas in r.execute_command("CLUSTER", "SLOTS"):
                if int(start) <= slot <= int(end):
                    return next(n for n in self.nodes if n.port == int(master[1]))
        raise RuntimeError(f"no master holds slot {slot}")

    def fail_over(self, key: str, timeout: float = CREATE_TIMEOUT) -> dict[str, float | int]:
        """``kill -9`` the master of ``key``'s slot, wait until its replica is promoted, start the killed
        node again (it rejoins as the new master's replica) and wait until the cluster is whole."""
        master = self.node_of(key)
        replica_port = int(master.info("replication")["slave0"]["port"])  # type: ignore[index]
        replica = next(n for n in self.nodes if n.port == replica_port)
        began = time.monotonic()
        master.kill()
        while replica.role() != "master":
            if time.monotonic() - began > timeout:
                raise RuntimeError(f"the replica {replica.port} of {master.port} was never promoted")
            time.sleep(POLL)
        promoted = time.monotonic() - began
        master.start()
        self.wait_ok(self.nodes, timeout)
        return {"master": master.port, "promoted": replica.port, "promoted_s": round(promoted, 2),
                "whole_s": round(time.monotonic() - began, 2)}

    def migrate_slot(self, key: str, target: ClusterNode, pause: float = 0.0) -> None:
        """Move ``key``'s slot to the master ``target`` the way ``redis-cli --cluster reshard`` does:
        IMPORTING / MIGRATING, MIGRATE its keys (``pause`` seconds between the steps), then SETSLOT NODE."""
        slot = key_slot(key)
        source = self.node_of(key)
        with source.client() as src, target.client() as dst:
            source_id, target_id = src.execute_command("CLUSTER", "MYID"), dst.execute_command("CLUSTER", "MYID")
            dst.execute_command("CLUSTER", "SETSLOT", slot, "IMPORTING", source_id)
            src.execute_command("CLUSTER", "SETSLOT", slot, "MIGRATING", target_id)
            time.sleep(pause)
            while keys := src.execute_command("CLUSTER", "GETKEYSINSLOT", slot, 100):
                src.execute_command("MIGRATE", "127.0.0.1", target.port, "", 0, 5000, "KEYS", *keys)
            time.sleep(pause)
            dst.execute_command("CLUSTER", "SETSLOT", slot, "NODE", target_id)
            src.execute_command("CLUSTER", "SETSLOT", slot, "NODE", target_id)
        for node in self.masters():
            if node not in (source, target):
                with node.client() as r:
                    r.execute_command("CLUSTER", "SETSLOT", slot, "NODE", target_id)

    def kill_pubsub(self) -> int:
        """``CLIENT KILL TYPE pubsub`` on every live node; how many connections were cut."""
        return sum(node.kill_pubsub() for node in self.running())

    def flush(self) -> None:
        """Empty every master (between tests on one cluster)."""
        for node in self.masters():
            with node.client() as r:
                r.flushall()

    def client(self) -> redis.RedisCluster:
        """A synchronous cluster client (close it after)."""
        first = self.running()[0]
        return redis.RedisCluster(host="127.0.0.1", port=first.port, socket_timeout=CLIENT_TIMEOUT)


def key_slot(key: str) -> int:
    """The cluster slot of ``key`` (its ``{hash tag}`` if it has one)."""
    from redis.crc import key_slot as slot

    return int(slot(key.encode()))
