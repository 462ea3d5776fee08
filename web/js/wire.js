// Bytes <-> messages: the only module that touches msgpack.
// A server frame holds one or more msgpack maps back to back.

import { decodeMulti, encode } from "../vendor/msgpack/msgpack.min.mjs";

export function pack(message) {
  return encode(message, { ignoreUndefined: true });
}

/** Every message in one binary frame (an ArrayBuffer). */
export function unpack(frame) {
  return Array.from(decodeMulti(new Uint8Array(frame)));
}
