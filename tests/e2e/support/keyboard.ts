import type { Page } from '@playwright/test';

/** What to Tab to: a CSS selector, or a control's visible text. */
export type Stop = string | { text: string };

/**
 * Presses Tab until `stop` has the focus, as someone with only a keyboard would, and checks that
 * the focus can be seen there (WCAG 2.4.7). A radio or checkbox shows it on its label's box.
 */
export async function tabTo(page: Page, stop: Stop, maxPresses = 300) {
	for (let i = 0; i < maxPresses; i++) {
		await page.keyboard.press('Tab');
		const state = await page.evaluate((s) => {
			const el = document.activeElement as HTMLElement | null;
			if (!el || el === document.body) return null;
			const reached =
				typeof s === 'string'
					? el.matches(s)
					: (el.textContent ?? '').replace(/\s+/g, ' ').trim() === s.text;
			if (!reached) return null;
			const box =
				el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')
					? getComputedStyle(el.nextElementSibling ?? el, '::before')
					: getComputedStyle(el);
			const outline = box.outlineStyle !== 'none' && parseFloat(box.outlineWidth) > 0;
			return { visible: outline || box.boxShadow !== 'none', what: el.outerHTML.slice(0, 80) };
		}, stop);
		if (state) {
			if (!state.visible) throw new Error(`no visible focus on ${state.what}`);
			return;
		}
	}
	throw new Error(`Tab never reached ${JSON.stringify(stop)}`);
}

/** Tabs to the field and types into it. */
export async function typeInto(page: Page, stop: Stop, text: string) {
	await tabTo(page, stop);
	await page.keyboard.type(text);
}

const dateOrders = new WeakMap<Page, 'dmy' | 'mdy'>();

/**
 * Learns the order of the browser's date field segments, which follows the browser's own language
 * (not the page's), by typing into a scratch field. Call it once, before working through a form:
 * it moves the focus.
 */
export async function learnDateOrder(page: Page): Promise<void> {
	await page.evaluate(() => {
		const scratch = document.createElement('input');
		scratch.type = 'date';
		scratch.id = 'scratch-date';
		document.body.append(scratch);
		scratch.focus();
	});
	await page.keyboard.type('01022003');
	const value = await page.evaluate(() => {
		const scratch = document.getElementById('scratch-date') as HTMLInputElement;
		scratch.remove();
		return scratch.value;
	});
	if (value === '2003-02-01') dateOrders.set(page, 'dmy');
	else if (value === '2003-01-02') dateOrders.set(page, 'mdy');
	else throw new Error(`unexpected date field order: ${value}`);
}

/** Tabs to a date field and types the date's digits in the order the field asks for them. */
export async function typeDate(page: Page, selector: string, iso: string) {
	const order = dateOrders.get(page);
	if (!order) throw new Error('call learnDateOrder first');
	const [year, month, day] = iso.split('-');
	await tabTo(page, selector);
	await page.keyboard.type(order === 'dmy' ? `${day}${month}${year}` : `${month}${day}${year}`);
}

/**
 * Tabs into a radio group and chooses `value` with the arrow keys, as a keyboard user does: Tab
 * lands on the group once, the arrows move the choice.
 */
export async function chooseRadio(page: Page, name: string, value: string) {
	await tabTo(page, `input[type=radio][name="${name}"]`);
	for (let i = 0; i < 20; i++) {
		const current = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
		if (current === value) {
			await page.keyboard.press('Space');
			return;
		}
		await page.keyboard.press('ArrowDown');
	}
	throw new Error(`no option ${value} in ${name}`);
}

/** Tabs to a checkbox and ticks it with the space bar. */
export async function tick(page: Page, selector: string) {
	await tabTo(page, selector);
	await page.keyboard.press('Space');
}

/** Tabs to a link or button by its text and presses Enter. */
export async function activate(page: Page, text: string) {
	await tabTo(page, { text });
	await page.keyboard.press('Enter');
}
