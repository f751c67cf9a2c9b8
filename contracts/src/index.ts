export { Role, ROLES, RolesClaimStatus, isRole } from './roles.ts';
export { AppPath, ApiPath, FEATURE_PAGES } from './paths.ts';
export { ErrorCode, TokenRefusal, type ApiError } from './errors.ts';
export { DPOP_CLIENT_ALGORITHM, DPOP_MODES, DpopMode, usesDpop } from './dpop.ts';
export {
  ChatApiPath,
  ChatEventType,
  ChatLimits,
  chatPath,
  IDEMPOTENCY_KEY_HEADER,
  ROOM_NAME_PATTERN,
} from './chat.ts';
export {
  ANALYTICS_FIGURES,
  ANALYTICS_PERIODS,
  AnalyticsApiPath,
  analyticsExportPath,
  AnalyticsFigure,
  AnalyticsLimits,
  AnalyticsPeriod,
  CALENDAR_DATE_PATTERN,
  CSV_MEDIA_TYPE,
  isAnalyticsPeriod,
  PERIOD_DAYS,
  WEEKDAY_NAMES,
} from './analytics.ts';
export { customRangeProblem, presetRange, type CustomRangeProblem, type DateRange } from './analytics-range.ts';
export { addDays, daysInRange, isCalendarDate, isoWeekday, wallClockMs } from './calendar-date.ts';
export { messageTextFault, messageTextProblem, normaliseMessageText, type MessageTextFault } from './message-text.ts';
// Payload types only: the SPA must never bundle TypeBox (the schemas are `@app/contracts/schemas`).
export type {
  AuthorizationServer,
  Health,
  Me,
  PublicConfig,
} from './schemas.ts';
export type {
  ChatAuthor,
  ChatEvent,
  ChatEventData,
  ChatMessage,
  ChatRoom,
  ChatRoomList,
  CreatedMessage,
  CreateRoom,
  DeletedMessage,
  MessageBody,
  MessagePage,
  ReadMarker,
} from './chat-schemas.ts';
export type {
  AnalyticsQuery,
  AnalyticsRange,
  AnalyticsRoom,
  AnalyticsRoomList,
  AnalyticsSummary,
  AnalyticsTotal,
  AnalyticsTotals,
} from './analytics-schemas.ts';
