import { benchQueue } from './queue';
const r = await benchQueue('/tmp/i16-bench-queue.db');
for (const t of r.timings) console.log(t.name, t.p50.toFixed(1), t.p95.toFixed(1));
console.log(r.seeded);
