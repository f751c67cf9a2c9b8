/** `TRUST_PROXY`: which proxies may tell the client's address. */
import { isIP } from 'node:net';

/** proxy-addr's names for address ranges, accepted in `TRUST_PROXY` beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `TRUST_PROXY`: unset, or addresses, CIDR ranges and proxy-addr's names (`loopback`…), comma
 * separated. "Trust everyone" (`true`, `*`, a hop count) is refused: any client could then choose
 * its own address in `X-Forwarded-For`, and with it its rate-limit bucket.
 */
export function parseTrustProxy(value: string | undefined): readonly string[] | false {
  if (value === undefined) return false;
  const entries = value.split(',').map((entry) => entry.trim());
  const invalid = entries.find((entry) => !isProxyAddressOrRange(entry));
  if (invalid !== undefined) {
    throw new Error(
      `must list proxy addresses, CIDR ranges or ${PROXY_RANGE_NAMES.join('/')}, comma-separated; ${JSON.stringify(invalid)} is none of those (trusting every proxy would let any client pick its address)`,
    );
  }
  return entries;
}

function isProxyAddressOrRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
