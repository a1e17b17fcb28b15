// Progress reports: every `every` records and once at the end, with the rate of this run.
import type { Clock, ProgressEvent } from './types.js';

export class ProgressMeter {
  private readonly started: number;
  private startDone = 0;
  private lastReported = -1;

  constructor(
    private readonly clock: Clock,
    private readonly every: number,
    private readonly report?: (event: ProgressEvent) => void,
  ) {
    this.started = clock.now();
  }

  /** The count this run starts from (records of earlier runs). */
  begin(done: number): void {
    this.startDone = done;
  }

  tick(done: number, total: number | undefined): void {
    if (this.report && (done - this.startDone) % this.every === 0) this.emit(done, total);
  }

  finish(done: number, total: number | undefined): void {
    if (this.report && done !== this.lastReported) this.emit(done, total);
  }

  private emit(done: number, total: number | undefined): void {
    this.lastReported = done;
    const seconds = (this.clock.now() - this.started) / 1000;
    const rate = seconds > 0 ? (done - this.startDone) / seconds : 0;
    this.report!(total === undefined ? { done, rate } : { done, total, rate });
  }
}
