/**
 * Runs `callback` in a task of its own after the browser has painted the next frame, so work the
 * first paint does not need (the lower sections of a long form, the service worker's
 * registration) neither delays that paint nor lengthens the task that renders it. A hidden page
 * paints no frames, so there it runs on the next task. Returns a function that cancels it.
 */
export function afterNextPaint(callback: () => void): () => void {
	let frame = 0;
	let timer: ReturnType<typeof setTimeout> | undefined;
	if (document.visibilityState === 'hidden') {
		timer = setTimeout(callback);
	} else {
		frame = requestAnimationFrame(() => {
			timer = setTimeout(callback);
		});
	}
	return () => {
		cancelAnimationFrame(frame);
		clearTimeout(timer);
	};
}
