// Server logs must never carry personal data: no request bodies, URLs with ids, or error
// messages (a database error can quote the values it refused). We log where and what kind.
export function logProblem(area: string, where: string, error: unknown): void {
	const kind =
		error instanceof Error
			? `${error.name}${'code' in error && typeof error.code === 'string' ? ` ${error.code}` : ''}`
			: typeof error;
	const frames =
		error instanceof Error && error.stack
			? error.stack
					.split('\n')
					.filter((l) => l.trimStart().startsWith('at '))
					.slice(0, 5)
					.join('\n')
			: '';
	console.error(`[${area}] ${where}: ${kind}\n${frames}`);
}
