/** What the chat's end-to-end tests start from: users signed in on a system of the test's own, and the API's view of a room. */
import { ChatApiPath, chatPath, type ChatRoomList, type MessagePage } from '@app/contracts';
import type { Browser, Page } from '@playwright/test';
import { createRoom, expectLive } from './chat-page.ts';
import { dpopHeaders } from './dpop.ts';
import { captureAccessToken, signIn, watchPageProblems, type Origins } from './fixtures.ts';
import type { OwnSystem, OwnSystemOptions } from './own-system.ts';
import type { UserName } from './system.ts';

/** Access tokens long enough that no renewal happens mid-test, unless a test wants one. */
export const LONG_TTL = 300;

/** Signs `user` in, in a browser context of their own, and returns the page on `/chat`. */
export async function openChatAs(browser: Browser, user: UserName, system: Origins, problems: string[]): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  watchPageProblems(page, problems);
  await signIn(page, user, system);
  return page;
}

/** The messages of a room as the API has them, read with `user`'s token. */
export async function historyOf(page: Page, system: OwnSystem, token: string, roomName: string): Promise<MessagePage> {
  const roomsUrl = `${system.appOrigin}${ChatApiPath.Rooms}`;
  const rooms = (await (await page.request.get(roomsUrl, { headers: await dpopHeaders(page, 'GET', roomsUrl, token) })).json()) as ChatRoomList;
  const room = rooms.rooms.find((candidate) => candidate.name === roomName)!;
  const messagesUrl = `${system.appOrigin}${chatPath(ChatApiPath.RoomMessages, { roomId: room.id })}`;
  const response = await page.request.get(messagesUrl, { headers: await dpopHeaders(page, 'GET', messagesUrl, token) });
  return (await response.json()) as MessagePage;
}

/** Alice signed in to a system of the test's own, in a room `general` she made, live; and her access token. */
export async function aliceInGeneral(page: Page, ownSystems: { start(options: OwnSystemOptions): Promise<OwnSystem> }): Promise<{ system: OwnSystem; accessToken: Promise<string> }> {
  const system = await ownSystems.start({ slot: 5, accessTokenTtl: LONG_TTL });
  const accessToken = captureAccessToken(page, system.idpIssuer);
  await signIn(page, 'alice', system);
  await createRoom(page, 'general');
  await expectLive(page);
  return { system, accessToken };
}
