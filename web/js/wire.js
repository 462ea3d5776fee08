// Bytes <-> messages: the only module that touches msgpack.
// A server frame holds one or more msgpack maps back to back.

import { encode } from "../vendor/msgpack/encode.mjs";
import { decodeMulti } from "../vendor/msgpack/decode.mjs";

export function pack(message) {
  return encode(message, { ignoreUndefined: true });
}

/** Every message in one binary frame (an ArrayBuffer). */
export function unpack(frame) {
  return Array.from(decodeMulti(new Uint8Array(frame)));
}
