// The audit page: the latest signed checkpoint and public key, export downloads, and
// "verify this event", which checks an event's inclusion in a signed checkpoint in the
// browser, step by step, trusting nothing the server computed.
import { ApiError, getBytes, getText } from './api.js';
import { h } from './dom.js';
import * as merkle from './merkle.js';

export async function audit() {
  const [key, note] = await Promise.all([
    getText('/api/v1/ledger/public-key'),
    getText('/api/v1/ledger/checkpoint').catch((e) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
  ]);
  const checkpoint = note ? merkle.parseCheckpoint(note) : null;
  const positionInput = h('input', { id: 'verify-position', type: 'number', min: 1,
    value: checkpoint ? checkpoint.treeSize : 1, 'aria-label': 'Position' });
  const tamper = h('input', { id: 'verify-tamper', type: 'checkbox' });
  const steps = h('ol', { class: 'steps', id: 'verify-steps' });
  const result = h('div', { id: 'verify-result', role: 'status' });
  const run = h('button', { id: 'verify-button', class: 'primary', type: 'button',
    onclick: async () => {
      run.disabled = true;
      steps.replaceChildren();
      result.className = '';
      result.textContent = 'Verifying…';
      try {
        await verify(Number(positionInput.value), tamper.checked, key, step(steps));
        result.className = 'result ok';
        result.textContent = `Verified: the event at position ${positionInput.value} is in the `
          + 'signed checkpoint.';
      } catch (e) {
        step(steps)(false, e.message);
        result.className = 'result fail';
        result.textContent = `FAILED: ${e.message}`;
      }
      run.disabled = false;
    } }, 'Verify this event');

  return [
    h('h1', {}, 'Audit'),
    h('p', { class: 'muted' }, 'Always the present ledger, whatever the time travel shows.'),
    h('h2', {}, 'Latest signed checkpoint'),
    note ? h('pre', { id: 'checkpoint-note' }, note) : h('p', { class: 'muted' }, 'No checkpoint signed yet.'),
    h('h2', {}, 'Public key'),
    h('pre', { id: 'public-key' }, key),
    h('p', { class: 'muted' }, 'Compare it with the key you obtained through a channel you trust.'),
    h('h2', {}, 'Export'),
    h('div', { class: 'filters' },
      download('Ledger export (NDJSON)', '/api/v1/ledger/export', 'ops-hub-export.ndjson'),
      download('Checkpoint', '/api/v1/ledger/checkpoint', 'checkpoint.txt'),
      download('Public key', '/api/v1/ledger/public-key', 'key.txt')),
    h('p', { class: 'muted' }, 'Check them offline with target/ops-hub-verifier.jar (docs/proofs.md).'),
    h('h2', {}, 'Verify this event'),
    h('div', { class: 'filters' }, h('label', { for: 'verify-position' }, 'Position'), positionInput,
      h('label', {}, tamper, ' tamper with the proof (flip one bit)'), run),
    steps,
    result,
  ];
}

function download(label, path, name) {
  return h('button', { type: 'button', onclick: async () => {
    const bytes = await getBytes(path);
    const url = URL.createObjectURL(new Blob([bytes]));
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } }, label);
}

function step(list) {
  return (ok, text) => list.append(h('li', { class: ok === true ? 'ok' : ok === false ? 'fail' : '' },
    ok === true ? '✔ ' : ok === false ? '✘ ' : '– ', text));
}

async function verify(position, tamper, keyText, report) {
  const key = merkle.parseVerifierKey(keyText);
  const id = await merkle.keyId(key.name, key.publicKey);
  if (id !== key.id) throw new Error(`key id ${key.id} does not match the key (computed ${id})`);
  report(true, `Public key ${key.name}: key id ${id} recomputed from the key`);

  const checkpoint = merkle.parseCheckpoint(await getText('/api/v1/ledger/checkpoint'));
  report(true, `Checkpoint read: origin ${checkpoint.origin}, tree size ${checkpoint.treeSize}, `
    + `root ${merkle.toBase64(checkpoint.root)}`);
  const signature = checkpoint.signatures.find((s) => s.name === key.name && s.id === key.id);
  if (!signature) throw new Error('the checkpoint carries no signature by this key');
  const valid = await merkle.verifyEd25519(key.publicKey, signature.signature, checkpoint.body);
  if (valid === false) throw new Error('bad signature: the checkpoint is not signed by this key');
  report(valid ? true : null, valid ? 'Ed25519 signature over the checkpoint verified (Web Crypto)'
    : 'Ed25519 signature not checked: this browser has no Ed25519 in Web Crypto');

  if (!(position >= 1 && position <= checkpoint.treeSize)) {
    throw new Error(`position ${position} is outside the checkpoint (1 to ${checkpoint.treeSize}); `
      + 'a newer event is covered by the next checkpoint');
  }
  const line = await auditorBytes(`/api/v1/ledger/export?from=${position}&to=${position}`);
  const record = line[line.length - 1] === 0x0a ? line.slice(0, -1) : line;
  const recorded = JSON.parse(new TextDecoder().decode(record));
  if (recorded.position !== position) {
    throw new Error(`the record holds position ${recorded.position}, not ${position}`);
  }
  report(true, `Event record fetched: ${record.length} bytes, ${recorded.eventType} at position ${position}`);

  const leaf = await merkle.leafHash(record);
  report(true, `Leaf hash SHA-256(0x00 || record) = ${merkle.toBase64(leaf)}`);

  const proof = await fetchProof(position, checkpoint.treeSize);
  const hashes = proof.proof.map(merkle.fromBase64);
  report(true, `Inclusion proof fetched: leaf index ${proof.leafIndex}, ${hashes.length} hash(es)`);
  if (tamper) {
    if (hashes.length) hashes[0][0] ^= 1;
    else leaf[0] ^= 1;
    report(null, hashes.length ? 'Tampered: flipped one bit of the first proof hash'
      : 'Tampered: flipped one bit of the leaf hash (the proof is empty)');
  }

  const root = await merkle.rootFromInclusionProof(position - 1, checkpoint.treeSize, leaf, hashes);
  if (!merkle.equal(root, checkpoint.root)) {
    throw new Error(`root mismatch: the proof leads to ${merkle.toBase64(root)}, `
      + `the signed checkpoint says ${merkle.toBase64(checkpoint.root)}`);
  }
  report(true, `Root computed from the proof equals the signed root ${merkle.toBase64(root)}`);
}

async function fetchProof(position, treeSize) {
  const path = `/api/v1/ledger/proofs/inclusion?position=${position}&treeSize=${treeSize}`;
  return JSON.parse(new TextDecoder().decode(await auditorBytes(path)));
}

async function auditorBytes(path) {
  try {
    return await getBytes(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      throw new Error('the export and proofs need an auditor token; sign in with one');
    }
    throw e;
  }
}
