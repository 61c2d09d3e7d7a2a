import { describe, expect, it } from 'vitest';
import { FRAME_GAP, paddingBetween } from '../../client/map/frame-padding';

const VIEW = { width: 900, height: 415 };
const uniform = { top: FRAME_GAP, bottom: FRAME_GAP, left: FRAME_GAP, right: FRAME_GAP };

describe('a frame between the overlays along the top and bottom of the map', () => {
  it('starts below what lies along the top and ends above what lies along the bottom, a gap clear of each', () => {
    const controls = { left: 12, top: 12, width: 250, height: 34 };
    const legend = { left: 12, top: 372, width: 330, height: 31 };
    expect(paddingBetween(VIEW, [controls, legend])).toEqual({ top: 12 + 34 + FRAME_GAP, bottom: 415 - 372 + FRAME_GAP, left: FRAME_GAP, right: FRAME_GAP });
    expect(paddingBetween(VIEW, [legend])).toEqual({ ...uniform, bottom: 415 - 372 + FRAME_GAP });
  });

  it('is the gap alone without overlays, or where keeping clear of them would leave less than half the view', () => {
    expect(paddingBetween(VIEW, [])).toEqual(uniform);
    expect(paddingBetween(VIEW, [{ left: 0, top: 0, width: 100, height: 120 }, { left: 0, top: 300, width: 100, height: 115 }])).toEqual(uniform);
  });
});
