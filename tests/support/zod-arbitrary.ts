import fc from 'fast-check';

/*
 * fast-check arbitraries built from a zod 4 schema (full or mini: both keep their definition in
 * `_zod.def`), for the fuzz test of every procedure. `validOf` aims inside the schema, using
 * identifiers that exist where a uuid is asked for; `brokenOf` aims just outside it: a wrong
 * type, an edge value, an out-of-range date or time, a huge array, one field at a time.
 */

// zod's definitions are walked generically: the shapes differ per schema kind.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
type Schema = any;

export interface FuzzPools {
	/** Identifiers of records that exist, so valid inputs reach past "not found". */
	uuids: readonly string[];
	/** Schemas to generate `z.record(...)` values from (a case transition's payloads). */
	records?: readonly Schema[];
}

const DATE_MAX_MS = 8_640_000_000_000_000;

const isoDate = fc
	.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));

/** Values at and beyond the edges that code tends to forget. */
export const EDGE_VALUES: readonly unknown[] = [
	null,
	undefined,
	true,
	0,
	-1,
	1.5,
	2 ** 31,
	Number.MAX_SAFE_INTEGER,
	DATE_MAX_MS + 1,
	1e308,
	-1e308,
	'',
	' ',
	'\u0000',
	'null',
	'x'.repeat(70_000),
	'💥'.repeat(3_000),
	'9999-12-31',
	'0000-01-01',
	'2026-02-30',
	'275760-09-13',
	'-000001-01-01',
	'00000000-0000-0000-0000-000000000000',
	'ffffffff-ffff-ffff-ffff-ffffffffffff',
	[],
	[null],
	{},
	{ toString: 'x' },
	Array.from({ length: 40_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
];

const edge = fc.constantFrom(...EDGE_VALUES);
const hostile = fc.oneof(
	{ arbitrary: edge, weight: 3 },
	{ arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 }
);

const defOf = (schema: Schema) => schema._zod.def;
const checksOf = (schema: Schema): any[] =>
	(defOf(schema).checks ?? []).map((c: any) => c._zod.def);

function lengthBounds(schema: Schema) {
	let min = 0;
	let max = Infinity;
	for (const check of checksOf(schema)) {
		if (check.check === 'min_length') min = Math.max(min, check.minimum);
		if (check.check === 'max_length') max = Math.min(max, check.maximum);
		if (check.check === 'length_equals') min = max = check.length;
	}
	return { min, max };
}

function stringOf(schema: Schema, pools: FuzzPools): fc.Arbitrary<unknown> {
	const def = defOf(schema);
	if (def.format === 'uuid' || def.format === 'guid') {
		return fc.oneof(
			{ arbitrary: fc.constantFrom(...pools.uuids), weight: 3 },
			{ arbitrary: fc.uuid({ version: 7 }), weight: 1 }
		);
	}
	if (def.format === 'email') return fc.emailAddress();
	const { min, max } = lengthBounds(schema);
	const upper = Math.min(Number.isFinite(max) ? max : 60, Math.max(min, 60));
	const text = fc.string({ minLength: min, maxLength: Math.max(min, upper) });
	// A refined string is often a date; try real dates as well as text.
	const refined = checksOf(schema).some((c) => c.check === 'custom');
	return refined ? fc.oneof(isoDate, text) : text;
}

function numberOf(schema: Schema): fc.Arbitrary<unknown> {
	let min = -1e6;
	let max = 1e6;
	let integer = false;
	for (const check of checksOf(schema)) {
		if (check.check === 'greater_than') min = Number(check.value) + (check.inclusive ? 0 : 1);
		if (check.check === 'less_than') max = Number(check.value) - (check.inclusive ? 0 : 1);
		if (check.check === 'number_format' && /int/.test(check.format)) integer = true;
	}
	min = Math.max(min, -1e6);
	max = Math.min(max, 1e6);
	return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
}

/** Inputs the schema means to accept (refinements aside). */
export function validOf(schema: Schema, pools: FuzzPools, depth = 0): fc.Arbitrary<unknown> {
	const def = defOf(schema);
	const inner = (s: Schema) => validOf(s, pools, depth + 1);
	switch (def.type) {
		case 'string':
			return stringOf(schema, pools);
		case 'number':
			return numberOf(schema);
		case 'boolean':
			return fc.boolean();
		case 'enum':
			return fc.constantFrom(...Object.values(def.entries));
		case 'literal':
			return fc.constantFrom(...def.values);
		case 'optional':
			return fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
		case 'nullable':
			return fc.option(inner(def.innerType), { nil: null, freq: 4 });
		case 'default':
		case 'prefault':
			return fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
		case 'catch':
		case 'readonly':
		case 'nonoptional':
			return inner(def.innerType);
		case 'pipe':
			return defOf(def.in).type === 'transform' ? fc.anything({ maxDepth: 1 }) : inner(def.in);
		case 'lazy':
			return depth > 4 ? fc.constant(undefined) : inner(def.getter());
		case 'object': {
			const shape: Record<string, fc.Arbitrary<unknown>> = {};
			for (const [key, value] of Object.entries(def.shape)) shape[key] = inner(value);
			return fc.record(shape);
		}
		case 'array': {
			const { min, max } = lengthBounds(schema);
			return fc.array(inner(def.element), {
				minLength: min,
				maxLength: Math.max(min, Math.min(max, 4))
			});
		}
		case 'tuple':
			return fc.tuple(...def.items.map(inner));
		case 'union':
			return fc.oneof(...def.options.map(inner));
		case 'record':
			return pools.records?.length
				? fc.oneof(...pools.records.map(inner))
				: fc.dictionary(fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 1 }));
		case 'null':
			return fc.constant(null);
		case 'undefined':
			return fc.constant(undefined);
		case 'date':
			return fc.date();
		default:
			return fc.anything({ maxDepth: 2 });
	}
}

/** Inputs just outside the schema: one part broken at a time, or the whole thing hostile. */
export function brokenOf(schema: Schema, pools: FuzzPools, depth = 0): fc.Arbitrary<unknown> {
	const def = defOf(schema);
	const broken = (s: Schema) => brokenOf(s, pools, depth + 1);
	switch (def.type) {
		case 'optional':
		case 'nullable':
		case 'default':
		case 'prefault':
		case 'catch':
		case 'readonly':
		case 'nonoptional':
			return broken(def.innerType);
		case 'pipe':
			return defOf(def.in).type === 'transform' ? hostile : broken(def.in);
		case 'object': {
			const keys = Object.keys(def.shape);
			if (keys.length === 0 || depth > 4) return hostile;
			const valid = validOf(schema, pools, depth) as fc.Arbitrary<Record<string, unknown>>;
			const oneFieldBroken = fc
				.tuple(valid, fc.constantFrom(...keys))
				.chain(([value, key]) => broken(def.shape[key]).map((bad) => ({ ...value, [key]: bad })));
			const extraField = valid.map((value) => ({ ...value, ['__proto__']: { polluted: true } }));
			return fc.oneof(
				{ arbitrary: oneFieldBroken, weight: 6 },
				{ arbitrary: extraField, weight: 1 },
				{ arbitrary: hostile, weight: 1 }
			);
		}
		case 'array': {
			const element = validOf(def.element, pools, depth + 1);
			const oneBroken = fc
				.tuple(fc.array(element, { maxLength: 3 }), broken(def.element))
				.map(([items, bad]) => [...items, bad]);
			const tooMany = element.map((item) => Array.from({ length: 40_000 }, () => item));
			return fc.oneof(oneBroken, tooMany, hostile);
		}
		case 'record':
			return pools.records?.length ? fc.oneof(...pools.records.map(broken), hostile) : hostile;
		default:
			return hostile;
	}
}
