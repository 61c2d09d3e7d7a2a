import { describe, expect, it } from 'vitest';
import { LABEL_GAP, placeLabels, type LabelBox } from '../../client/map/label-placement';

const VIEW = { width: 400, height: 300 };
const box = (code: string, x: number, y: number, priority: number, width = 60, height = 20): LabelBox => ({ code, x, y, width, height, priority });
const shown = (boxes: LabelBox[], view = VIEW) => [...placeLabels(boxes, view)].sort();

describe('label placement', () => {
  it('shows every label that stands clear of the others and inside the view', () => {
    expect(shown([box('a', 100, 100, 1), box('b', 250, 100, 2), box('c', 100, 200, 3)])).toEqual(['a', 'b', 'c']);
  });

  it('of two overlapping labels shows the one of higher priority, whichever comes first', () => {
    expect(shown([box('small', 100, 100, 1), box('big', 130, 105, 9)])).toEqual(['big']);
    expect(shown([box('big', 130, 105, 9), box('small', 100, 100, 1)])).toEqual(['big']);
  });

  it('keeps the gap between labels: side by side closer than the gap, the lesser one is hidden', () => {
    // Centres 60 + gap apart: the boxes just keep their gap. One pixel closer and they do not.
    expect(shown([box('a', 100, 100, 2), box('b', 160 + LABEL_GAP, 100, 1)])).toEqual(['a', 'b']);
    expect(shown([box('a', 100, 100, 2), box('b', 159 + LABEL_GAP, 100, 1)])).toEqual(['a']);
  });

  it('hides a label that would stick out of the view', () => {
    expect(shown([box('edge', 20, 100, 5), box('inside', 200, 100, 1), box('below', 200, 295, 5)])).toEqual(['inside']);
  });

  it('keeps clear of what lies over the map, whatever the label’s priority', () => {
    const controls = { left: 10, top: 10, width: 150, height: 40 };
    expect([...placeLabels([box('under', 100, 40, 99), box('beside', 100, 120, 1)], VIEW, [controls])].sort()).toEqual(['beside']);
    // Just clear of its edge, a label is shown.
    expect([...placeLabels([box('below', 100, 50 + 10 + LABEL_GAP, 1)], VIEW, [controls])]).toEqual(['below']);
  });

  it('lets a hidden label hide nothing: a label next to a hidden one is shown', () => {
    // b overlaps a (higher) and c (lower); c overlaps only b. Once b is hidden, c has room.
    expect(shown([box('a', 100, 100, 3), box('b', 150, 100, 2), box('c', 200, 100, 1)])).toEqual(['a', 'c']);
  });

  it('breaks ties by code, so that every screen shows the same labels', () => {
    expect(shown([box('500105', 100, 100, 4), box('500103', 120, 100, 4)])).toEqual(['500103']);
    expect(shown([box('500103', 120, 100, 4), box('500105', 100, 100, 4)])).toEqual(['500103']);
  });
});
