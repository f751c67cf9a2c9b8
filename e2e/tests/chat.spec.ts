import { AppPath, ChatApiPath, ErrorCode, IDEMPOTENCY_KEY_HEADER, type ApiError } from '@app/contracts';
import type { Route } from '@playwright/test';
import { APP_ORIGIN } from './system.ts';
import { dpopHeaders } from './dpop.ts';
import { captureAccessToken, expect, signIn, test } from './fixtures.ts';
import { composer, createRoom, expectLive, messageItem, messageList, openRoom, roomHeading, send } from './chat-page.ts';
import { LONG_TTL, aliceInGeneral, historyOf, openChatAs } from './chat-setup.ts';

/**
 * The chat in real browsers. Each test that writes gets a system of its own (own-system.ts), so the
 * rooms it makes never show in the other tests' shared database (they expect no rooms).
 */

test.describe('chat', () => {
  test('a message from alice shows in bob’s browser within a second, without a reload, and back; a reload shows the history', async ({ page, browser, ownSystems, pageProblems }) => {
    const system = await ownSystems.start({ slot: 5, accessTokenTtl: LONG_TTL });
    await signIn(page, 'alice', system);
    await createRoom(page, 'general', 'Everyone, every day');
    const bob = await openChatAs(browser, 'bob', system, pageProblems);
    await openRoom(bob, system, 'general');
    await expectLive(page);

    await send(page, 'Good morning, Bob!');
    await expect(messageList(bob).getByText('Good morning, Bob!')).toBeVisible({ timeout: 1_000 });
    await send(bob, 'Morning, Alice.');
    await expect(messageList(page).getByText('Morning, Alice.')).toBeVisible({ timeout: 1_000 });

    await bob.reload();
    await expect(roomHeading(bob, 'general')).toBeVisible();
    await expect(messageList(bob).getByTestId('message-body')).toHaveText(['Good morning, Bob!', 'Morning, Alice.']);
    await expect(messageList(bob).getByRole('heading', { name: 'Today' })).toBeVisible();
  });

  test('a room with news shows its unread count in the list, and opening it clears the count', async ({ page, browser, ownSystems, pageProblems }) => {
    const system = await ownSystems.start({ slot: 5, accessTokenTtl: LONG_TTL });
    await signIn(page, 'alice', system);
    await createRoom(page, 'general');
    await createRoom(page, 'random');
    const bob = await openChatAs(browser, 'bob', system, pageProblems);
    await openRoom(bob, system, 'random');

    await openRoom(page, system, 'general');
    await send(page, 'One');
    await send(page, 'Two');
    const general = bob.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /general/ });
    await expect(general).toHaveAccessibleName('general 2 unread');

    await general.click();
    await expect(messageList(bob).getByText('Two')).toBeVisible();
    await expect(general).toHaveAccessibleName('general');
    // The API heard of it: after a reload the count is still gone.
    await bob.goto(`${system.appOrigin}${AppPath.Chat}?room=random`);
    await expect(bob.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /general/ })).toHaveAccessibleName('general');
  });

  test('a message with markup shows as text and runs nothing; only web addresses become links', async ({ page, browser, ownSystems, pageProblems }) => {
    const system = await ownSystems.start({ slot: 5, accessTokenTtl: LONG_TTL });
    const dialogs: string[] = [];
    await signIn(page, 'alice', system);
    await createRoom(page, 'general');
    const bob = await openChatAs(browser, 'bob', system, pageProblems);
    for (const watched of [page, bob]) watched.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())));
    await openRoom(bob, system, 'general');

    const markup = '<img src=x onerror=alert(1)>';
    await send(page, markup);
    await send(page, 'javascript:alert(2) and https://example.com/docs');
    for (const reader of [page, bob]) {
      await expect(messageList(reader).getByText(markup, { exact: true })).toBeVisible();
      await expect(messageList(reader).locator('img')).toHaveCount(0);
      const links = messageList(reader).getByRole('link');
      await expect(links).toHaveCount(1);
      await expect(links).toHaveAttribute('href', 'https://example.com/docs');
      await expect(links).toHaveAttribute('rel', 'noopener noreferrer');
    }
    await bob.reload();
    await expect(messageList(bob).getByText(markup, { exact: true })).toBeVisible();
    await expect(messageList(bob).locator('img')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test('carol (no chat role) is sent to the forbidden page, and the chat API refuses her with 403', async ({ page }) => {
    const accessToken = captureAccessToken(page);
    await signIn(page, 'carol');
    await page.goto(AppPath.Chat);
    await expect(page).toHaveURL(`${APP_ORIGIN}${AppPath.Forbidden}?role=chat`);
    await expect(page.getByText('needs the chat role')).toBeVisible();

    const token = await accessToken;
    for (const [method, path] of [
      ['GET', ChatApiPath.Rooms],
      ['GET', ChatApiPath.Events],
      ['POST', ChatApiPath.Rooms],
    ] as const) {
      const response = await page.request.fetch(`${APP_ORIGIN}${path}`, {
        method,
        headers: await dpopHeaders(page, method, `${APP_ORIGIN}${path}`, token),
        ...(method === 'POST' ? { data: { name: 'sneaky', topic: '' } } : {}),
      });
      expect(response.status(), `${method} ${path}`).toBe(403);
      expect(((await response.json()) as ApiError).error).toBe(ErrorCode.InsufficientScope);
    }
  });

  test('a message sent while the API is down shows as not sent, is retried when the API is back, and appears once', async ({ page, browser, ownSystems, pageProblems }) => {
    test.setTimeout(90_000);
    const system = await ownSystems.start({ slot: 5, accessTokenTtl: LONG_TTL });
    const accessToken = captureAccessToken(page, system.idpIssuer);
    await signIn(page, 'alice', system);
    await createRoom(page, 'general');
    const bob = await openChatAs(browser, 'bob', system, pageProblems);
    await openRoom(bob, system, 'general');
    await expectLive(page);

    await system.stopApp();
    await send(page, 'Sent while the server was down');
    const outgoing = messageList(page).getByTestId('outgoing-message');
    await expect(outgoing).toContainText('Sent while the server was down');
    await expect(outgoing.getByTestId('outgoing-state')).toHaveText('Not sent');
    await expect(outgoing.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(page.getByTestId('stream-status')).toContainText('Reconnecting');
    await expect(composer(page)).toHaveValue('');

    await system.startApp();
    // Retried by itself (no click): the API is back, the stream reconnects, the message goes.
    await expect(messageItem(page, 'Sent while the server was down')).toHaveCount(1, { timeout: 30_000 });
    await expect(outgoing).toHaveCount(0);
    await expect(messageItem(bob, 'Sent while the server was down')).toHaveCount(1, { timeout: 30_000 });
    const history = await historyOf(page, system, await accessToken, 'general');
    expect(history.messages.filter((message) => message.body === 'Sent while the server was down')).toHaveLength(1);
  });

  test('a message not sent yet survives a reload, and goes once after it; signing out forgets what is left', async ({ page, ownSystems }) => {
    const { system, accessToken } = await aliceInGeneral(page, ownSystems);

    // Posts are refused for a minute, as nginx answers while no instance can.
    const posts = `${system.appOrigin}/api/chat/rooms/*/messages`;
    const unavailable = (route: Route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 503, headers: { 'retry-after': '60' }, json: { error: ErrorCode.ServiceUnavailable, message: 'No instance can answer' } })
        : route.continue();
    const outgoingState = messageList(page).getByTestId('outgoing-state');
    await page.route(posts, unavailable);
    await send(page, 'Typed before a reload');
    await expect(outgoingState).toHaveText('Not sent');
    await page.unroute(posts);
    await page.reload();
    await expect(messageItem(page, 'Typed before a reload')).toHaveCount(1);
    await expect(outgoingState).toHaveCount(0);
    const history = await historyOf(page, system, await accessToken, 'general');
    expect(history.messages.filter((message) => message.body === 'Typed before a reload')).toHaveLength(1);

    const kept = () => page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('teamspace.user.')));
    await page.route(posts, unavailable);
    await send(page, 'Left unsent at sign-out');
    await expect(outgoingState).toHaveText('Not sent');
    expect(await kept()).toHaveLength(1);
    // Loaded again on a page that is not the chat's (alice lacks analytics: the no-access page).
    await page.goto(`${system.appOrigin}${AppPath.Analytics}`);
    await expect(page).toHaveURL(`${system.appOrigin}${AppPath.Forbidden}?role=analytics`);
    expect(await kept()).toHaveLength(1);
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    expect(await kept()).toEqual([]);
  });

  test('a post whose answer is lost is retried with the same Idempotency-Key, and the message is made once', async ({ page, ownSystems }) => {
    const { system, accessToken } = await aliceInGeneral(page, ownSystems);

    const keys: string[] = [];
    let lost = 0;
    await page.route(`${system.appOrigin}/api/chat/rooms/*/messages`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push((await route.request().headerValue(IDEMPOTENCY_KEY_HEADER)) ?? '');
      if (lost > 0) return route.continue();
      lost++;
      // The server makes the message; the browser never hears its answer.
      await route.fetch();
      return route.abort('connectionreset');
    });
    await send(page, 'Said once');
    await expect(messageItem(page, 'Said once')).toHaveCount(1);
    await expect.poll(() => keys.length).toBeGreaterThanOrEqual(2);
    await expect(messageList(page).getByTestId('outgoing-message')).toHaveCount(0);
    expect(new Set(keys).size, 'every try of one message carries its one key').toBe(1);
    const history = await historyOf(page, system, await accessToken, 'general');
    expect(history.messages.filter((message) => message.body === 'Said once')).toHaveLength(1);
    await expect(messageItem(page, 'Said once')).toHaveCount(1);
  });

  test('alice edits and deletes her own message from the keyboard, bob sees both live, and someone else’s message has no edit or delete', async ({ page, browser, ownSystems, pageProblems }) => {
    const system = await ownSystems.start({ slot: 5, accessTokenTtl: LONG_TTL });
    await signIn(page, 'alice', system);
    await createRoom(page, 'general');
    const bob = await openChatAs(browser, 'bob', system, pageProblems);
    await openRoom(bob, system, 'general');
    await expectLive(page);
    await send(bob, 'Bob’s own words');
    await send(page, 'Helo everyone');
    await expect(messageItem(bob, 'Helo everyone')).toBeVisible();

    // Someone else's message: no controls at all.
    await expect(messageItem(page, 'Bob’s own words').getByRole('button')).toHaveCount(0);
    await expect(messageItem(bob, 'Helo everyone').getByRole('button')).toHaveCount(0);

    // Edit: Tab reaches the button, Enter opens the editor, Escape cancels, Enter saves.
    const mine = messageItem(page, 'Helo everyone');
    await mine.getByRole('button', { name: /^Edit/ }).focus();
    await page.keyboard.press('Enter');
    const editor = page.getByRole('textbox', { name: 'Edit your message' });
    await expect(editor).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(editor).toHaveCount(0);
    await expect(mine.getByRole('button', { name: /^Edit/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await editor.fill('Hello everyone');
    await editor.press('Enter');
    const edited = messageItem(page, 'Hello everyone');
    await expect(edited).toContainText('(edited)');
    await expect(messageItem(bob, 'Hello everyone')).toContainText('(edited)');

    // Delete asks first; Cancel (focused) keeps it, Delete removes it for everyone.
    await edited.getByRole('button', { name: /^Delete/ }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: 'Delete this message?' });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(edited).toBeVisible();
    await expect(edited.getByRole('button', { name: /^Delete/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(messageItem(page, 'Hello everyone')).toHaveCount(0);
    await expect(messageItem(bob, 'Hello everyone')).toHaveCount(0);
    await expect(messageItem(bob, 'Bob’s own words')).toBeVisible();
    await expect(composer(page)).toBeFocused();
  });

  test('when the access token expires, the stream reconnects with the fresh token and Last-Event-ID, and no message is missed', async ({ page, browser, ownSystems, pageProblems }) => {
    test.setTimeout(120_000);
    const system = await ownSystems.start({ slot: 5, accessTokenTtl: 20 });
    const streams: { authorization: string | undefined; lastEventId: string | undefined }[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === ChatApiPath.Events) {
        const headers = request.headers();
        streams.push({ authorization: headers['authorization'], lastEventId: headers['last-event-id'] });
      }
    });
    await signIn(page, 'alice', system);
    await createRoom(page, 'general');
    await expectLive(page);
    const bob = await openChatAs(browser, 'bob', system, pageProblems);
    await openRoom(bob, system, 'general');
    await send(bob, 'Before the token expired');
    await expect(messageList(page).getByText('Before the token expired')).toBeVisible();

    // The server ends the stream at the token's expiry (20 s); the page opens it again.
    await expect.poll(() => streams.length, { timeout: 40_000 }).toBeGreaterThanOrEqual(2);
    const [first, second] = streams;
    expect(first!.lastEventId).toBeUndefined();
    expect(second!.lastEventId).toMatch(/^\d+$/);
    expect(second!.authorization).not.toBe(first!.authorization);
    await expectLive(page);

    await send(bob, 'After the token expired');
    await expect(messageList(page).getByText('After the token expired')).toBeVisible({ timeout: 1_000 });
    await expect(messageItem(page, 'Before the token expired')).toHaveCount(1);
  });
});
