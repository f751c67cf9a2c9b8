export { Role, ROLES, isRole } from './roles.ts';
export { AppPath, ApiPath, FEATURE_PAGES } from './paths.ts';
export { ErrorCode, type ApiError } from './errors.ts';
export type {
  AnalyticsSummary,
  AuthorizationServer,
  ChatRoom,
  ChatRoomList,
  Health,
  Me,
  PublicConfig,
} from './schemas.ts';
