// Draws the app's PNG icons (the web manifest's and Apple's touch icon) from the same artwork as
// static/favicon.svg: a navy square with a white shield and a navy tick. No image libraries: a
// small rasteriser with 4×4 supersampling and a PNG encoder on node:zlib.
//
//   node scripts/make-icons.js        writes static/icons/*.png (commit the result)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {[number, number]} Point */
/** @typedef {[number, number, number]} Rgb */

/** @type {Rgb} */
const NAVY = [0x1d, 0x35, 0x57];
/** @type {Rgb} */
const WHITE = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

// The artwork in the favicon's 64-unit space.
const ART = 64;
const CORNER_RADIUS = 12;
/** @type {[Point, Point, Point]} */
const TICK = [
	[24, 32],
	[30, 38],
	[41, 26]
];
const TICK_HALF_WIDTH = 2.5;

/** The shield outline, "M32 10 50 17v13c0 12-8 20-18 24-10-4-18-12-18-24V17z", as a polygon. */
function shieldPolygon() {
	/** @type {Point[]} */
	const points = [
		[32, 10],
		[50, 17],
		[50, 30]
	];
	/** @param {Point} p0 @param {Point} p1 @param {Point} p2 @param {Point} p3 */
	const cubic = (p0, p1, p2, p3) => {
		for (let i = 1; i <= 48; i++) {
			const t = i / 48;
			const u = 1 - t;
			const a = u * u * u;
			const b = 3 * u * u * t;
			const c = 3 * u * t * t;
			const d = t * t * t;
			points.push([
				a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
				a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]
			]);
		}
	};
	cubic([50, 30], [50, 42], [42, 50], [32, 54]);
	cubic([32, 54], [22, 50], [14, 42], [14, 30]);
	points.push([14, 17]);
	return points;
}
const SHIELD = shieldPolygon();

/** x coordinates where the horizontal line at y crosses the polygon, sorted. */
function crossings(/** @type {Point[]} */ polygon, /** @type {number} */ y) {
	const xs = [];
	for (let i = 0; i < polygon.length; i++) {
		const [x0, y0] = /** @type {Point} */ (polygon[i]);
		const [x1, y1] = /** @type {Point} */ (polygon[(i + 1) % polygon.length]);
		if (y0 <= y !== y1 <= y) xs.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
	}
	return xs.sort((a, b) => a - b);
}

function insideSpans(/** @type {number[]} */ xs, /** @type {number} */ x) {
	let inside = false;
	for (const cx of xs) {
		if (cx > x) break;
		inside = !inside;
	}
	return inside;
}

/** @param {number} px @param {number} py @param {Point} a @param {Point} b */
function distanceToSegment(px, py, [ax, ay], [bx, by]) {
	const dx = bx - ax;
	const dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** @param {number} x @param {number} y */
function insideRoundedSquare(x, y) {
	const r = CORNER_RADIUS;
	const cx = Math.min(Math.max(x, r), ART - r);
	const cy = Math.min(Math.max(y, r), ART - r);
	return x >= 0 && x <= ART && y >= 0 && y <= ART && Math.hypot(x - cx, y - cy) <= r;
}

/**
 * RGBA pixels of one icon.
 * @param {number} size pixels per side
 * @param {{ maskable: boolean }} options maskable: full-bleed background, artwork shrunk into
 *   the central safe zone (a circle of 40% of the size), as platforms crop it to any shape.
 */
function render(size, { maskable }) {
	// Artwork units per pixel; the maskable icon draws the 64-unit artwork at 80% around the centre
	// (its farthest point is then 0.29 of the size from the centre, inside the 0.4 safe zone).
	const scale = maskable ? 0.8 : 1;
	const toArt = (/** @type {number} */ v) => ((v / size) * ART - ART / 2) / scale + ART / 2;
	const rgba = Buffer.alloc(size * size * 4);
	const n = SUPERSAMPLE;
	for (let py = 0; py < size; py++) {
		const rows = [];
		for (let sy = 0; sy < n; sy++) {
			const y = toArt(py + (sy + 0.5) / n);
			const bgY = ((py + (sy + 0.5) / n) / size) * ART;
			rows.push({ y, bgY, shield: crossings(SHIELD, y) });
		}
		for (let px = 0; px < size; px++) {
			let r = 0;
			let g = 0;
			let b = 0;
			let a = 0;
			for (const row of rows) {
				for (let sx = 0; sx < n; sx++) {
					const x = toArt(px + (sx + 0.5) / n);
					const bgX = ((px + (sx + 0.5) / n) / size) * ART;
					if (!maskable && !insideRoundedSquare(bgX, row.bgY)) continue;
					let colour = NAVY;
					if (insideSpans(row.shield, x)) {
						const d = Math.min(
							distanceToSegment(x, row.y, TICK[0], TICK[1]),
							distanceToSegment(x, row.y, TICK[1], TICK[2])
						);
						colour = d <= TICK_HALF_WIDTH ? NAVY : WHITE;
					}
					r += colour[0];
					g += colour[1];
					b += colour[2];
					a += 1;
				}
			}
			const i = (py * size + px) * 4;
			if (a > 0) {
				rgba[i] = Math.round(r / a);
				rgba[i + 1] = Math.round(g / a);
				rgba[i + 2] = Math.round(b / a);
			}
			rgba[i + 3] = Math.round((a / (n * n)) * 255);
		}
	}
	return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(/** @type {Buffer} */ bytes) {
	let c = 0xffffffff;
	for (const byte of bytes) c = /** @type {number} */ (CRC_TABLE[(c ^ byte) & 0xff]) ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(/** @type {string} */ type, /** @type {Buffer} */ data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A PNG file: 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(/** @type {number} */ size, /** @type {Buffer} */ rgba) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 6; // colour type RGBA
	const raw = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++)
		rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const ICONS = [
	{ file: 'icon-192.png', size: 192, maskable: false },
	{ file: 'icon-512.png', size: 512, maskable: false },
	{ file: 'icon-maskable-512.png', size: 512, maskable: true },
	// iOS rounds the corners itself and shows transparency as black: a full-bleed square.
	{ file: 'apple-touch-icon.png', size: 180, maskable: true }
];

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'static', 'icons');
mkdirSync(outDir, { recursive: true });
for (const icon of ICONS) {
	const png = encodePng(icon.size, render(icon.size, icon));
	writeFileSync(join(outDir, icon.file), png);
	console.log(`static/icons/${icon.file}: ${icon.size}×${icon.size}, ${png.length} bytes`);
}
