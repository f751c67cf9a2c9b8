import { AppPath, ChatApiPath } from '@app/contracts';
import { DatabaseSync } from 'node:sqlite';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures.ts';
import { createRoom, expectLive, roomHeading } from './chat-page.ts';
import type { OwnSystem } from './own-system.ts';

/**
 * What a person sees of the API's limits: too many tabs with the chat open, and a company with
 * many rooms (the list in pages, a search, a room opened by its address beyond the first page).
 */

/** Streams this page asks for, counted from now. */
function countStreamRequests(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === ChatApiPath.Events) count++;
  });
  return () => count;
}

async function openChatTab(page: Page, system: OwnSystem): Promise<void> {
  await page.goto(`${system.appOrigin}${AppPath.Chat}?room=general`);
  await expect(roomHeading(page, 'general')).toBeVisible();
  await expectLive(page);
}

test.describe('chat limits in the browser', () => {
  test('too many tabs: the oldest tab says so and stops reconnecting, the newer ones stay live, and "Use this tab" takes the live updates back', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 9, accessTokenTtl: 300, appEnv: { CHAT_STREAMS_PER_USER: '2' } });
    await signIn(page, 'bob', system);
    await createRoom(page, 'general');
    await expectLive(page);
    const firstTabStreams = countStreamRequests(page);

    const second = await page.context().newPage();
    await openChatTab(second, system);
    const third = await page.context().newPage();
    await openChatTab(third, system);

    const notice = page.getByTestId('too-many-tabs');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Too many open tabs');
    await expect(page.getByTestId('stream-status')).toHaveText('Paused');
    // Reconnecting by itself would close another tab, which would do the same: it waits for the user.
    await page.waitForTimeout(3_000);
    expect(firstTabStreams()).toBe(0);
    await expectLive(second);
    await expectLive(third);

    await page.getByRole('button', { name: 'Use this tab' }).click();
    await expectLive(page);
    await expect(notice).toBeHidden();
    // Now the second tab is the oldest: it gives way.
    await expect(second.getByTestId('too-many-tabs')).toBeVisible();
    await expectLive(third);
  });

  test('many rooms: the list comes in pages as it scrolls, the user\'s rooms first, a search finds any room, and a room beyond the first page opens by its address', async ({ page, ownSystems }) => {
    const system = await ownSystems.start({ slot: 9, accessTokenTtl: 300 });
    await signIn(page, 'alice', system);
    await createRoom(page, 'zz-alices-room');
    const db = new DatabaseSync(system.databasePath);
    try {
      db.exec('PRAGMA busy_timeout = 5000');
      const insert = db.prepare("INSERT INTO rooms (id, name, topic, created_by) VALUES (?, ?, '', 'carol')");
      for (let n = 0; n < 120; n++) insert.run(`room-${n}`, `project-${String(n).padStart(3, '0')}`);
    } finally {
      db.close();
    }
    await page.goto(`${system.appOrigin}${AppPath.Chat}`);
    const rooms = page.getByRole('navigation', { name: 'Rooms' }).getByRole('link');
    await expect(rooms.first()).toHaveAccessibleName('zz-alices-room');
    await expect(page.getByRole('heading', { name: 'Your rooms' })).toBeVisible();
    await expect(rooms).toHaveCount(50);

    await page.getByRole('navigation', { name: 'Rooms' }).getByText('More rooms').or(page.getByText('Loading more rooms…')).scrollIntoViewIfNeeded();
    await expect(rooms).toHaveCount(100);
    await rooms.last().scrollIntoViewIfNeeded();
    await expect(rooms).toHaveCount(121);

    await page.getByLabel('Search rooms').fill('ject-11');
    await expect(rooms).toHaveText(['#project-110', '#project-111', '#project-112', '#project-113', '#project-114', '#project-115', '#project-116', '#project-117', '#project-118', '#project-119']);
    await page.getByLabel('Search rooms').fill('nothing-like-this');
    await expect(page.getByText('No room name contains “nothing-like-this”.')).toBeVisible();

    await page.goto(`${system.appOrigin}${AppPath.Chat}?room=project-117`);
    await expect(roomHeading(page, 'project-117')).toBeVisible();
  });
});
