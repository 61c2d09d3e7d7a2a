import type { Map as GlMap, Marker } from 'mapbox-gl';
import type { Alert } from '../../contract';
import type { MapboxGl } from './gl';

/**
 * The newest alerts that pulse; older ones stay as still dots. A surge can raise dozens of
 * alerts at once, and every pulse is an animated layer the compositor redraws each frame.
 */
export const PULSING_MAX = 6;

const STILL = 'alert-pulse--still';

/**
 * HTML markers, one per active alert: the pulse is a CSS animation, so it costs no map frames.
 * They stay still until `startPulsing()` (the map calls it once it has drawn everything): while
 * a pulse runs, the compositor draws every frame, and on this machine's software compositor the
 * pulses of a wall's first seconds delayed its first render (bench/README.md#the-wall).
 */
export class AlertMarkers {
  private readonly markers = new Map<string, { marker: Marker; alert: Alert; el: HTMLElement; rank: number }>();
  private pulsing = false;

  constructor(
    private readonly gl: MapboxGl,
    private readonly map: GlMap,
  ) {}

  set(alerts: Iterable<Alert>): void {
    const newestFirst = [...alerts].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    const keep = new Set<string>();
    newestFirst.forEach((alert, rank) => {
      keep.add(alert.id);
      let known = this.markers.get(alert.id);
      if (!known || known.alert.lng !== alert.lng || known.alert.lat !== alert.lat) {
        known?.marker.remove();
        const el = document.createElement('div');
        el.className = `alert-pulse alert-pulse--${alert.kind}`;
        el.dataset.alert = alert.id;
        el.title = alert.message;
        const marker = new this.gl.Marker({ element: el }).setLngLat([alert.lng, alert.lat]).addTo(this.map);
        known = { marker, alert, el, rank };
        this.markers.set(alert.id, known);
      }
      known.rank = rank;
      this.paint(known);
    });
    for (const [id, { marker }] of this.markers) {
      if (keep.has(id)) continue;
      marker.remove();
      this.markers.delete(id);
    }
  }

  startPulsing(): void {
    this.pulsing = true;
    for (const known of this.markers.values()) this.paint(known);
  }

  clear(): void {
    this.set([]);
  }

  private paint({ el, rank }: { el: HTMLElement; rank: number }): void {
    el.classList.toggle(STILL, !this.pulsing || rank >= PULSING_MAX);
  }
}
