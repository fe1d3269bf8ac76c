/**
 * Durations of the most recent requests (a fixed-size ring), summarised as percentiles for
 * `/health` and `ktx mcp status`: what the server itself adds per request, whatever the client.
 */
export class LatencyWindow {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;
  private total = 0;

  constructor(size: number) {
    this.values = new Float64Array(size);
  }

  add(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % this.values.length;
    this.filled = Math.min(this.filled + 1, this.values.length);
    this.total++;
  }

  summary(): { requests: number; window: number; p50: number; p99: number } {
    const sorted = Array.from(this.values.subarray(0, this.filled)).sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length
        ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! * 1000) / 1000
        : 0;
    return { requests: this.total, window: this.filled, p50: at(0.5), p99: at(0.99) };
  }
}
