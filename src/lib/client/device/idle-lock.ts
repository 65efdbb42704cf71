/** Time without use after which the app locks (docs/decisions/017). */
export const IDLE_LOCK_MINUTES = 5;
const IDLE_LOCK_MS = IDLE_LOCK_MINUTES * 60_000;
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'scroll', 'touchstart'] as const;

/**
 * Calls `lock` once the page has not been used for IDLE_LOCK_MINUTES (a hidden page counts as
 * unused: checked again when it is shown) or when the browser brings it back from its
 * back/forward cache. Returns the function that stops watching.
 */
export function watchIdle(lock: () => void): () => void {
	let lastUsed = Date.now();
	const used = () => {
		lastUsed = Date.now();
	};
	const check = () => {
		if (Date.now() - lastUsed >= IDLE_LOCK_MS) lock();
	};
	const shown = (event: PageTransitionEvent) => {
		if (event.persisted) lock();
	};
	for (const type of ACTIVITY) addEventListener(type, used, { capture: true, passive: true });
	document.addEventListener('visibilitychange', check);
	addEventListener('pageshow', shown);
	const timer = setInterval(check, 5_000);
	return () => {
		clearInterval(timer);
		for (const type of ACTIVITY) removeEventListener(type, used, { capture: true });
		document.removeEventListener('visibilitychange', check);
		removeEventListener('pageshow', shown);
	};
}
