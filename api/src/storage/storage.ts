import type { AnalyticsSummary, ChatRoom } from '@app/contracts';

/** What the chat feature needs from the database. */
export interface ChatStore {
  /** Every room, oldest first. */
  listRooms(): Promise<ChatRoom[]>;
}

/** What the analytics feature needs from the database. */
export interface AnalyticsStore {
  /** The dashboard's headline figures, computed in the database. */
  summary(): Promise<AnalyticsSummary>;
}

/**
 * The app's storage: one interface per feature, so routes never see SQL and a PostgreSQL
 * implementation can stand in for SQLite. Methods are async even where SQLite is not.
 */
export interface Storage extends ChatStore, AnalyticsStore {
  close(): Promise<void>;
}

/** The window in which a message author counts as an active user. */
export const ACTIVE_USER_WINDOW_DAYS = 7;
