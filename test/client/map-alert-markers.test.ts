// @vitest-environment happy-dom
import type { Map as GlMap } from 'mapbox-gl';
import { describe, expect, it } from 'vitest';
import { AlertMarkers, PULSING_MAX } from '../../client/map/alert-markers';
import type { MapboxGl } from '../../client/map/gl';
import { alertOf } from './fixtures';

/** Stands in for mapbox-gl's Marker (no WebGL here): it puts the element in a container and takes it out. */
function markerLibrary(container: HTMLElement): MapboxGl {
  class Marker {
    private readonly element: HTMLElement;
    constructor(options: { element: HTMLElement }) {
      this.element = options.element;
    }
    setLngLat(): this {
      return this;
    }
    addTo(): this {
      container.append(this.element);
      return this;
    }
    remove(): void {
      this.element.remove();
    }
  }
  return { Marker } as unknown as MapboxGl;
}

const at = (minute: number): string => `2026-11-28T09:${String(minute).padStart(2, '0')}:00+08:00`;

describe('alert markers', () => {
  it('stay still until the map has drawn, then pulse for the newest alerts only, keep the others as still dots, and follow alerts that clear', () => {
    const container = document.createElement('div');
    const markers = new AlertMarkers(markerLibrary(container), {} as GlMap);
    const alerts = Array.from({ length: PULSING_MAX + 4 }, (_, i) => alertOf(`a${i}`, 'raised', at(i)));
    markers.set(alerts);
    const pulsing = (): string[] => [...container.querySelectorAll('[data-alert]:not(.alert-pulse--still)')].map((el) => el.getAttribute('data-alert') ?? '');
    expect(container.querySelectorAll('[data-alert]')).toHaveLength(PULSING_MAX + 4);
    expect(pulsing()).toEqual([]);

    markers.startPulsing();
    expect(pulsing().sort()).toEqual(alerts.slice(4).map((a) => a.id).sort());

    const newest = alertOf('fresh', 'raised', at(30));
    markers.set([...alerts.slice(1), newest]);
    expect(container.querySelector('[data-alert="a0"]')).toBeNull();
    expect(pulsing()).toContain('fresh');
    expect(pulsing()).not.toContain('a4');
    expect(pulsing()).toHaveLength(PULSING_MAX);

    markers.clear();
    expect(container.children).toHaveLength(0);
  });
});
