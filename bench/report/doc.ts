/** `npx tsx bench/report/doc.ts`: rewrites docs/benchmarks.md from bench/results/ (full runs do it themselves). */
import { writeDoc } from './write.ts';

await writeDoc();
console.log('docs/benchmarks.md updated');
