// The device's session object (device-session.svelte.ts, a Svelte rune module) is reached by the
// outbox code the sync bench runs under Node, where nothing compiles runes. Imported first, before
// any app module: `$state(v)` is then just `v`, no reactivity, which a bench has no use for.
const runes = globalThis as unknown as { $state?: <T>(value: T) => T };
runes.$state ??= (value) => value;

export {};
