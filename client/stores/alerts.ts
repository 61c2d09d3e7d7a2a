import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { Alert } from '../../contract';

/** Entries kept in the alerts panel's log (raised and cleared). */
export const ALERT_LOG_LIMIT = 30;
/** Active alerts kept (and drawn on the map); the oldest go first beyond it. */
export const ACTIVE_ALERT_LIMIT = 100;

export interface AlertLogEntry {
  key: string;
  alert: Alert;
}

export const useAlertsStore = defineStore('alerts', () => {
  const active = shallowRef<ReadonlyMap<string, Alert>>(new Map());
  const log = shallowRef<readonly AlertLogEntry[]>([]);

  const entry = (alert: Alert): AlertLogEntry => ({ key: `${alert.id}:${alert.state}:${alert.at}`, alert });

  function bounded(map: Map<string, Alert>): Map<string, Alert> {
    for (const id of map.keys()) {
      if (map.size <= ACTIVE_ALERT_LIMIT) break;
      map.delete(id);
    }
    return map;
  }

  /** A snapshot lists the alerts that matter now. */
  function reset(alerts: readonly Alert[]): void {
    active.value = bounded(new Map(alerts.filter((a) => a.state === 'raised').map((a) => [a.id, a])));
    log.value = alerts.map(entry).slice(0, ALERT_LOG_LIMIT);
  }

  function apply(alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    const next = new Map(active.value);
    for (const alert of alerts) {
      if (alert.state === 'raised') {
        next.delete(alert.id);
        next.set(alert.id, alert);
      } else next.delete(alert.id);
    }
    active.value = bounded(next);
    const keys = new Set(log.value.map((e) => e.key));
    const fresh = alerts.map(entry).filter((e) => !keys.has(e.key)).reverse();
    log.value = [...fresh, ...log.value].slice(0, ALERT_LOG_LIMIT);
  }

  return { active, log, reset, apply };
});
