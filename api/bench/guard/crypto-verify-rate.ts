/**
 * The physical limit of the guard, for the guard benchmark: how many ES256 and RS256 signatures
 * `crypto.verify` checks per second on one core, over a token-sized input, with the key imported
 * once. ECDSA signatures are given to OpenSSL as DER, its fastest path, as the guard does
 * (`verify-jws.ts`; the JWS form, `ieee-p1363`, takes about 40 % longer here). Prints
 * `{"ES256": n, "RS256": n}` (verifications per second). Usage: `node crypto-verify-rate.ts <seconds>`.
 */
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const seconds = Number(process.argv[2] ?? '2');
const input = Buffer.from('x'.repeat(600));

function rate(key: KeyObject, signature: Buffer): number {
  const until = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) if (!verify('sha256', input, key, signature)) throw new Error('the signature does not verify');
    count += 50;
  }
  return count / ((performance.now() - started) / 1000);
}

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
console.log(JSON.stringify({
  ES256: rate(ec.publicKey, sign('sha256', input, ec.privateKey)),
  RS256: rate(rsa.publicKey, sign('sha256', input, rsa.privateKey)),
}));
