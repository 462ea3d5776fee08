// The Node Socket.IO 4 peer of Metanet's benchmark: the plenary vote as a Socket.IO app would do it.
//
//   node server.js --port P [--workers N] [--redis redis://127.0.0.1:6379]
//
// A phone connects with `auth: {board, token, group}` and joins the board's room; `vote` (with an
// acknowledgement) spends one of the person's 50 dots and broadcasts `vote_placed` to the room.
//
// Written as the Socket.IO documentation recommends, nothing tuned beyond it:
// - rooms, `io.to(room).emit()`, acknowledgements and `socket.handshake.auth`:
//   https://socket.io/docs/v4/rooms/ , https://socket.io/docs/v4/emitting-events/#acknowledgements ,
//   https://socket.io/docs/v4/middlewares/#sending-credentials
// - several processes: the Redis adapter, and "for new developments, we recommend using the sharded
//   adapter" (Redis >= 7): https://socket.io/docs/v4/redis-adapter/
// - no sticky sessions with the WebSocket transport only: "if you disable the HTTP long-polling
//   transport ... you won't need sticky sessions": https://socket.io/docs/v4/using-multiple-nodes/
//   The processes share one port through Node's own `cluster` module (round robin by the primary):
//   https://nodejs.org/api/cluster.html
// - per-message deflate stays at Socket.IO's default (off): https://socket.io/docs/v4/server-options/#permessagedeflate
"use strict";

const cluster = require("node:cluster");
const crypto = require("node:crypto");
const http = require("node:http");
const { parseArgs } = require("node:util");
const { Server } = require("socket.io");

const DOTS_PER_PERSON = 50; // Metanet's plenary settings: 50 dots, at most 50 on one note
const MAX_PER_NOTE = 50;
const NOTES = new Set(Array.from({ length: 20 }, (_, i) => `note-${String(i).padStart(2, "0")}`));

const { values: args } = parseArgs({
  options: {
    port: { type: "string" },
    workers: { type: "string", default: "1" },
    redis: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
  },
});
const workers = Number(args.workers);

async function adapter() {
  if (!args.redis) return undefined; // one process: Socket.IO's in-memory adapter
  const { createClient } = require("redis");
  const { createShardedAdapter } = require("@socket.io/redis-adapter");
  const pubClient = createClient({ url: args.redis });
  const subClient = pubClient.duplicate();
  await Promise.all([pubClient.connect(), subClient.connect()]);
  return createShardedAdapter(pubClient, subClient);
}

function person(board, token) {
  return crypto.createHash("sha256").update(`${board}:${token}`).digest("hex").slice(0, 16);
}

async function serve() {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { transports: ["websocket"], adapter: await adapter() });
  const placed = new Map(); // board -> dots placed on it (in this process)

  io.use((socket, next) => {
    const { board, token, group } = socket.handshake.auth || {};
    if (typeof board !== "string" || typeof token !== "string" || token.length < 16 || token.length > 128) {
      return next(new Error("a board and a token of 16 to 128 characters are required"));
    }
    socket.data.board = board;
    socket.data.person = person(board, token);
    socket.data.group = typeof group === "string" ? group : null;
    socket.data.left = DOTS_PER_PERSON;
    socket.data.onNote = new Map();
    next();
  });

  io.on("connection", (socket) => {
    const { board } = socket.data;
    socket.join(board);
    socket.on("vote", (msg, ack) => {
      if (typeof ack !== "function") return;
      const note = msg && msg.note;
      if (!NOTES.has(note)) return ack({ ok: false, code: "not_found" });
      const d = socket.data;
      const mine = d.onNote.get(note) || 0;
      if (d.left <= 0 || mine >= MAX_PER_NOTE) return ack({ ok: false, code: "budget_exceeded" });
      d.left -= 1;
      d.onNote.set(note, mine + 1);
      const total = (placed.get(board) || 0) + 1;
      placed.set(board, total);
      io.to(board).emit("vote_placed", {
        type: "vote_placed", note, participant: d.person, group: d.group, blind: false,
        dots_placed: total, op: msg.op,
      });
      ack({ ok: true, dots_left: d.left });
    });
  });

  httpServer.listen(Number(args.port), args.host);
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    console.error(`worker ${worker.process.pid} exited with ${code}`);
    process.exit(1);
  });
  for (const sig of ["SIGTERM", "SIGINT"]) {
    process.on(sig, () => {
      for (const w of Object.values(cluster.workers)) w.kill();
      process.exit(0);
    });
  }
} else {
  serve().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
