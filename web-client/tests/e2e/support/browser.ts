// Debian's Chromium driven by playwright-core: never a downloaded browser.

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export async function launch(): Promise<Browser> {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-dev-shm-usage'],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context (its own cookies and storage) on the app. */
export async function person(
  browser: Browser,
  origin: string,
  options: { locale?: string; phone?: boolean; width?: number; timezoneId?: string } = {},
): Promise<Person> {
  const context = await browser.newContext({
    baseURL: origin,
    locale: options.locale ?? 'en-US',
    // The browser's own time zone, when a test sets it (the room shows the body's whatever it is).
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    viewport: options.phone ? { width: options.width ?? 390, height: 844 } : { width: options.width ?? 1280, height: 900 },
    deviceScaleFactor: 1,
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
  });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the login form, and opens `room` when given. */
export async function signIn(page: Page, email: string, password: string, room?: string) {
  await page.goto(room ? `/login?next=${encodeURIComponent(`/room/${room}`)}` : '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(/Signed in as/).first().waitFor();
  if (room) await page.getByRole('heading', { level: 1, name: `Room ${room}` }).waitFor();
}

/** Runs axe-core in the page; returns its violations (rule id, impact, the elements). */
export async function axeViolations(page: Page) {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Saves a screenshot to COLLEGIAL_SCREENSHOTS (docs/screenshots when updating them) or test-results/. */
export async function screenshot(page: Page, name: string) {
  const dir = process.env.COLLEGIAL_SCREENSHOTS ? resolve(process.env.COLLEGIAL_SCREENSHOTS) : join(here, '../../../test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * WCAG 1.4.10 (reflow): null when the document does not scroll sideways at the page's width;
 * otherwise the widths and the elements that stick out — each the outermost one whose right edge
 * passes the viewport's while its parent's does not (tag#id.class "text…" and its right edge).
 */
export async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width && window.scrollX === 0) return null;
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const path: string[] = [];
      for (let p = el.parentElement; p && p !== document.body && path.length < 3; p = p.parentElement) {
        path.unshift(p.tagName.toLowerCase() + (p.id ? `#${p.id}` : ''));
      }
      return `${[...path, el.tagName.toLowerCase() + id + classes].join(' > ')}${text ? ` "${text}"` : ''} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
    };
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 0.5) continue;
      culprits.push(describe(el));
      if (culprits.length === 8) break;
    }
    return { scrollWidth: root.scrollWidth, width, culprits };
  });
}
