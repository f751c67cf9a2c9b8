/** `HOST`: the address the server listens on. */
import { isIP } from 'node:net';

/**
 * An IP address, not a name: the default `127.0.0.1` keeps the app on loopback (only a proxy on
 * the same machine reaches it); `0.0.0.0` or an interface's address when the proxy reaches it over
 * a network (a container, another host). A name would be resolved at listen time, to addresses no
 * one reviewed.
 */
export function parseListenHost(value: string): string {
  if (isIP(value) === 0) throw new Error('must be an IP address, such as 127.0.0.1 or 0.0.0.0');
  return value;
}
