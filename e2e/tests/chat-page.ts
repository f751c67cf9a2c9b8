/** The chat page as a person uses it: its rooms, its composer, its messages, its live status. */
import { AppPath } from '@app/contracts';
import type { Page } from '@playwright/test';
import { expect, type Origins } from './fixtures.ts';

/** Creates a room through the form (the first room: the form is open when there are none). */
export async function createRoom(page: Page, name: string, topic = ''): Promise<void> {
  const nameField = page.getByLabel('Name', { exact: true });
  const newRoom = page.getByRole('button', { name: 'New room' });
  await expect(nameField.or(newRoom)).toBeVisible();
  if (await newRoom.isVisible()) await newRoom.click();
  await nameField.fill(name);
  await page.getByLabel('Topic').fill(topic);
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(roomHeading(page, name)).toBeVisible();
}

/** Opens a room by its address, and waits until the live stream is up. */
export async function openRoom(page: Page, system: Origins, name: string): Promise<void> {
  await page.goto(`${system.appOrigin}${AppPath.Chat}?room=${name}`);
  await expect(roomHeading(page, name)).toBeVisible();
  await expectLive(page);
}

/** The open room's title: `#name` on screen, `name` to a screen reader (the `#` is decoration). */
export function roomHeading(page: Page, name: string) {
  return page.getByRole('heading', { level: 2, name, exact: true });
}

export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId('stream-status')).toHaveText('Live');
}

export function composer(page: Page) {
  return page.getByRole('textbox', { name: /^Message #/ });
}

export async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

export function messageList(page: Page) {
  return page.getByTestId('message-list');
}

/** A sent message's list item, by its text. */
export function messageItem(page: Page, text: string) {
  return messageList(page).locator('li.message:not(.outgoing)').filter({ has: page.getByTestId('message-body').getByText(text, { exact: true }) });
}
