import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsCertificate {
  readonly certificatePath: string;
  readonly keyPath: string;
}

/**
 * A self-signed certificate for `localhost` (P-256, one day), made with `openssl` into `dir`: what a
 * test's TLS proxy serves. Browsers are told to accept it (it is nobody's CA).
 */
export async function makeSelfSignedCertificate(dir: string, hostName = 'localhost'): Promise<TlsCertificate> {
  const certificatePath = join(dir, `${hostName}.crt`);
  const keyPath = join(dir, `${hostName}.key`);
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${hostName}`, '-addext', `subjectAltName=DNS:${hostName}`,
    '-keyout', keyPath, '-out', certificatePath,
  ]);
  return { certificatePath, keyPath };
}
