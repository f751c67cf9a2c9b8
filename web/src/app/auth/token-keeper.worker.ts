/**
 * The token worker's entry point: a dedicated Worker started by token-keeper-client.ts. Everything it
 * does is in token-keeper.ts; this file only connects it to the worker's message port.
 */
import type { KeeperPort } from './token-keeper-protocol';
import { TokenKeeper, serveTokenKeeper } from './token-keeper';

// The app is type-checked against the DOM library; a worker's global scope has the same two methods.
serveTokenKeeper(globalThis as unknown as KeeperPort, new TokenKeeper());
