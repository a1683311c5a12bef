// A signature-checking worker thread of SignatureChecker (signature-checker.ts). Plain
// JavaScript, not TypeScript: Node starts it as it is, from the sources under Jest and from
// dist/ in production (scripts/build.mjs copies *.worker.mjs next to the compiled code).
//
// It calls libsodium's crypto_sign_verify_detached, the very function signatureValid in
// libs/crypto calls, so a signature is valid in a worker exactly when it is valid on the
// main thread. For each batch it answers the index of the first invalid signature, or -1.
import { parentPort } from 'node:worker_threads';
import sodium from 'libsodium-wrappers-sumo';

void sodium.ready.then(() => {
  parentPort.on('message', ({ id, jobs }) => {
    let invalid = -1;
    for (let i = 0; i < jobs.length && invalid === -1; i++) {
      const { signature, message, publicKey } = jobs[i];
      let valid;
      try {
        valid = sodium.crypto_sign_verify_detached(signature, message, publicKey);
      } catch {
        valid = false;
      }
      if (!valid) invalid = i;
    }
    parentPort.postMessage({ id, invalid });
  });
});
