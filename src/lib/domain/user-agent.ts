/**
 * Names the browser and the kind of device from a User-Agent header, just well enough for a person
 * to recognise their own sessions ("Chrome on Android"). A few patterns, in the order that matters
 * (Edge and Opera also say "Chrome"; Chrome also says "Safari"), rather than a parsing library:
 * nothing here decides access, and a browser we do not recognise is simply named as such.
 */
const BROWSERS: [RegExp, string][] = [
	[/\bEdg(e|A|iOS)?\//, 'Edge'],
	[/\b(OPR|Opera)\//, 'Opera'],
	[/\bSamsungBrowser\//, 'Samsung Internet'],
	[/\b(Firefox|FxiOS)\//, 'Firefox'],
	[/\b(HeadlessChrome|Chrome|CriOS|Chromium)\//, 'Chrome'],
	[/\bVersion\/[\d.]+.*\bSafari\//, 'Safari']
];

const SYSTEMS: [RegExp, string][] = [
	[/\biPhone\b/, 'iPhone'],
	[/\biPad\b/, 'iPad'],
	[/\bAndroid\b/, 'Android'],
	[/\bCrOS\b/, 'Chromebook'],
	[/\bWindows\b/, 'Windows'],
	[/\bMacintosh\b/, 'Mac'],
	[/\bLinux\b/, 'Linux']
];

export interface DeviceDescription {
	browser: string;
	system: string;
}

export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
	const ua = userAgent ?? '';
	return {
		browser: BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? 'An unknown browser',
		system: SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? 'an unknown device'
	};
}
