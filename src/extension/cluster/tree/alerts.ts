// The alerts Alertmanager holds active, for the workloads tree (remediator.alertmanager.url; none set:
// nothing is read and nothing changes). Alertmanager offers no watch, so the list is read again every
// 15 seconds, and only while the view is visible (the informers' rule): an alert shows up at most that
// late, and a hidden view costs nothing. A failed read keeps the last list out of the tree and is shown
// once, as one sentence (the context row's tooltip); it never blocks the tree.
import type { Alert } from '../../../core/alerts/payload';
import { Disposable } from '../lifecycle';
import type { ClusterSession } from '../session';

export const ALERTS_REFRESH_MS = 15_000;

export interface AlertsState {
  alerts: readonly Alert[];
  /** Why there are no alerts (unreachable, unreadable answer, a bad URL); undefined when read fine or not configured. */
  problem?: string;
}

function stateKey(s: AlertsState): string {
  return JSON.stringify([s.alerts.map((a) => [a.fingerprint, a.startsAt, a.labels, a.annotations]), s.problem ?? '']);
}

export class TreeAlerts extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private current: AlertsState = { alerts: [] };
  /** Of the empty list without a problem: no setting changes nothing, not even once. */
  private key = stateKey({ alerts: [] });
  private reading = false;

  /** `onChange` runs when the list (fingerprints and start times) or the problem changed. */
  constructor(private readonly session: ClusterSession, private readonly onChange: () => void) {
    super();
    this._register({ dispose: () => this.setVisible(false) });
  }

  get state(): AlertsState {
    return this.current;
  }

  setVisible(visible: boolean): void {
    if (!visible) {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), ALERTS_REFRESH_MS);
    void this.refresh();
  }

  /** Reads once now (also on a settings change); overlapping reads are skipped. */
  async refresh(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    let next: AlertsState;
    try {
      const reader = this.session.alertmanagerAlerts();
      if (!reader) next = { alerts: [] };
      else {
        const read = await reader.active();
        next = { alerts: read.alerts, ...(read.skipped > 0 ? { problem: `${read.skipped} alert(s) from Alertmanager could not be read: ${read.problems}` } : {}) };
      }
    } catch (err) {
      next = { alerts: [], problem: (err as Error).message };
    } finally {
      this.reading = false;
    }
    const key = stateKey(next);
    if (key === this.key) return;
    this.key = key;
    this.current = next;
    this.onChange();
  }
}
