import type { Db } from '../db/database.ts';
import { markSent } from './outbox-claims.ts';

type Waiter = { id: string; done: () => void; failed: (error: unknown) => void };

/**
 * Marks accepted messages sent with group commit: the ids accepted while one UPDATE runs go
 * together in the next, so the worker writes one statement per few messages instead of one each,
 * and no message waits longer than one statement for its mark.
 */
export class SentMarks {
  private waiting: Waiter[] = [];
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly onSent: (count: number) => void,
  ) {}

  /** Resolves once the row is marked sent; rejects if the UPDATE failed (the row's lease then runs out). */
  mark(id: string): Promise<void> {
    const marked = new Promise<void>((done, failed) => this.waiting.push({ id, done, failed }));
    // The caller awaits it later; until then a failure must not count as unhandled.
    marked.catch(() => {});
    if (!this.flushing) void this.flush();
    return marked;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        await markSent(
          this.db,
          batch.map((w) => w.id),
        );
        this.onSent(batch.length);
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.failed(error);
      }
    }
    this.flushing = false;
  }
}
