import type { Map as GlMap, Marker } from 'mapbox-gl';
import type { Alert } from '../../contract';
import type { MapboxGl } from './gl';

/** Pulsing HTML markers, one per active alert: the pulse is a CSS animation, so it costs no map frames. */
export class AlertMarkers {
  private readonly markers = new Map<string, { marker: Marker; alert: Alert }>();

  constructor(
    private readonly gl: MapboxGl,
    private readonly map: GlMap,
  ) {}

  set(alerts: Iterable<Alert>): void {
    const keep = new Set<string>();
    for (const alert of alerts) {
      keep.add(alert.id);
      const known = this.markers.get(alert.id);
      if (known && known.alert.lng === alert.lng && known.alert.lat === alert.lat) continue;
      known?.marker.remove();
      const el = document.createElement('div');
      el.className = `alert-pulse alert-pulse--${alert.kind}`;
      el.dataset.alert = alert.id;
      el.title = alert.message;
      const marker = new this.gl.Marker({ element: el }).setLngLat([alert.lng, alert.lat]).addTo(this.map);
      this.markers.set(alert.id, { marker, alert });
    }
    for (const [id, { marker }] of this.markers) {
      if (keep.has(id)) continue;
      marker.remove();
      this.markers.delete(id);
    }
  }

  clear(): void {
    this.set([]);
  }
}
