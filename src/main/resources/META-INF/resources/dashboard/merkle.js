// RFC 6962 / RFC 9162 hashing and inclusion proofs, and C2SP signed-note checkpoints, in the
// browser with Web Crypto. Pure functions; docs/proofs.md gives the formats.

const encoder = new TextEncoder();

export async function sha256(...parts) {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

export const leafHash = (record) => sha256(Uint8Array.of(0), record);
const nodeHash = (left, right) => sha256(Uint8Array.of(1), left, right);

export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function toBase64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}

export function equal(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The root an inclusion proof leads to (RFC 9162, 2.1.3.2); throws if it cannot. */
export async function rootFromInclusionProof(leafIndex, treeSize, leaf, proof) {
  if (leafIndex >= treeSize) throw new Error(`leaf index ${leafIndex} is not below tree size ${treeSize}`);
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new Error('the proof is longer than the tree is deep');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('the proof is shorter than the tree is deep');
  return r;
}

/** A verifier key "<name>+<hex id>+<base64(0x01 || key)>". */
export function parseVerifierKey(text) {
  // the base64 key may itself contain '+': split at the first two only
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!match) throw new Error('the public key is not <name>+<key id>+<key>');
  const [, name, id, key] = match;
  const bytes = fromBase64(key);
  if (bytes.length !== 33 || bytes[0] !== 1) throw new Error('not an Ed25519 verifier key');
  return { name, id, publicKey: bytes.slice(1) };
}

/** The key id: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || key), as hex. */
export async function keyId(name, publicKey) {
  const hash = await sha256(encoder.encode(name), Uint8Array.of(0x0a, 0x01), publicKey);
  return [...hash.slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A signed note: its body (signed bytes), the checkpoint in it, its signature lines. */
export function parseCheckpoint(note) {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('no blank line between body and signatures');
  const body = note.slice(0, split + 1);
  const [origin, size, root] = body.split('\n');
  if (!/^[1-9]\d*$|^0$/.test(size)) throw new Error(`tree size "${size}" is not a number`);
  const signatures = note.slice(split + 2).split('\n').filter((l) => l.startsWith('\u2014 '))
    .map((line) => {
      const [, name, sig] = line.split(' ');
      const bytes = fromBase64(sig);
      const id = [...bytes.slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
      return { name, id, signature: bytes.slice(4) };
    });
  return { body: encoder.encode(body), origin, treeSize: Number(size), root: fromBase64(root), signatures };
}

/** True/false when the browser can check Ed25519; null when it lacks Ed25519. */
export async function verifyEd25519(publicKey, signature, message) {
  let key;
  try {
    key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    return null;
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
}
