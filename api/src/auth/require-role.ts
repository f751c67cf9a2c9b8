import type { Role } from '@app/contracts';
import { InsufficientRoleError } from './errors.ts';
import type { Principal } from './verify-access-token.ts';

/**
 * Grants access only if the verified token carried `role` in the roles claim.
 * @throws {InsufficientRoleError} answered as 403 `insufficient_scope` (RFC 6750 §3.1).
 */
export function requireRole(principal: Principal, role: Role): void {
  if (!principal.roles.includes(role)) throw new InsufficientRoleError(role);
}
