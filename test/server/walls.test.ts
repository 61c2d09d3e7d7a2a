import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WALL_LAYOUT, type WallLayout, type WallSetup } from '../../contract';
import { readConfig } from '../../server/config';
import { DEMO_CITY_DIR } from '../../server/geo';
import { readWallsFile, validateWalls } from '../../server/walls/walls-file';
import { TOKENS, demoCity, removeTempDirs, startServer, tempDir, type TestServer } from './lib/harness';

const TONGLIANG = '500151';
const [BACHUAN] = demoCity().childrenOf(TONGLIANG);
const [BACHUAN_COMMUNITY] = demoCity().childrenOf(BACHUAN);

const FINANCE: WallLayout = {
  columns: [
    { width: 40, panels: [{ kind: 'kpis', size: 11 }, { kind: 'topic', family: 'E.06', title: '非法金融活动' }] },
    { panels: [{ kind: 'map' }] },
  ],
};

const exists = (scope: string) => demoCity().levelOf(scope) !== undefined;
const check = (value: unknown) => () => validateWalls(value, 'walls file w.json', exists);

function writeWalls(value: unknown): string {
  const file = join(tempDir(), 'walls.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

afterAll(removeTempDirs);

describe('the walls file', () => {
  it('names the bad entry of each problem, all of them at once', () => {
    const bad = {
      layouts: { finance: FINANCE },
      walls: [
        { scope: TONGLIANG, layout: 'finance' },
        { scope: '500103', layout: 'foo' },
        { scope: '500199', layout: 'finance' },
      ],
    };
    expect(check(bad)).toThrow(
      'walls file w.json: walls[1]: unknown layout "foo" (layouts: default, finance); walls[2]: unknown scope 500199',
    );
  });

  it('says what is wrong inside a layout, with the column and panel', () => {
    const layout = (panels: unknown[]) => ({ layouts: { mine: { columns: [{ width: 48, panels: [{ kind: 'kpis' }] }, { panels }] } } });
    expect(check(layout([{ kind: 'clock' }]))).toThrow(/layouts\.mine: columns\[1\]\.panels\[0\]: unknown panel kind "clock" \(kinds: rates, trend, /);
    expect(check(layout([{ kind: 'trend', size: -3 }]))).toThrow('layouts.mine: columns[1].panels[0] (trend): `size` must be a number of rem above 0, or "grow"');
    expect(check(layout([{ kind: 'topic' }]))).toThrow(/columns\[1\]\.panels\[0\] \(topic\): `family`/);
    expect(check(layout([{ kind: 'topic', family: 'E.99' }]))).toThrow('columns[1].panels[0] (topic): unknown category family "E.99" (families: C.01,');
    expect(check(layout([{ kind: 'alerts', colour: 'red' }]))).toThrow('columns[1].panels[0] (alerts): `colour`: unexpected property');
    expect(check(layout([{ kind: 'map' }, { kind: 'map' }]))).toThrow('layouts.mine: has 2 map panels; a wall has at most one');
    expect(check(layout([]))).toThrow(/layouts\.mine: columns\[1\]: `panels`/);
    expect(check({ layouts: { mine: { rows: [] } } })).toThrow(/layouts\.mine: /);
  });

  it('refuses a wall entry of the wrong shape, a scope given twice and an unknown key', () => {
    expect(check({ walls: [{ scope: 'tongliang', layout: 'default' }] })).toThrow('walls[0]: `scope` must be "city" or an area code of 6, 9, 12 or 15 digits');
    expect(check({ walls: [{ scope: TONGLIANG, layout: 'default' }, { scope: TONGLIANG, layout: 'default' }] })).toThrow(
      'walls[1]: scope 500151 has a wall already',
    );
    expect(check({ wall: [] })).toThrow(/walls file w\.json: expected \{"layouts"/);
    expect(check([])).toThrow(/expected/);
  });

  it('reports a file that cannot be read or is not JSON, naming the file', () => {
    expect(() => readWallsFile('/nonexistent/walls.json', exists)).toThrow(/cannot read the walls file \/nonexistent\/walls\.json/);
    const file = writeWalls('{"walls": [');
    expect(() => readWallsFile(file, exists)).toThrow(`the walls file ${file} is not valid JSON`);
  });

  it('gives a scope its own layout, else the nearest enclosing scope’s, else the default; only its own title', () => {
    const walls = validateWalls(
      { layouts: { finance: FINANCE }, walls: [{ scope: TONGLIANG, layout: 'finance', title: '铜梁区指挥中心' }, { scope: BACHUAN_COMMUNITY, layout: 'default' }] },
      'w',
      exists,
    );
    expect(walls.wallOf(TONGLIANG)).toEqual({ from: TONGLIANG, layoutName: 'finance', layout: FINANCE, title: '铜梁区指挥中心' });
    expect(walls.wallOf(BACHUAN)).toEqual({ from: TONGLIANG, layoutName: 'finance', layout: FINANCE });
    expect(walls.wallOf(BACHUAN_COMMUNITY)).toEqual({ from: BACHUAN_COMMUNITY, layoutName: 'default', layout: DEFAULT_WALL_LAYOUT });
    expect(walls.wallOf(`${BACHUAN_COMMUNITY}001`).from).toBe(BACHUAN_COMMUNITY);
    expect(walls.wallOf('500103')).toEqual({ from: 'default', layoutName: 'default', layout: DEFAULT_WALL_LAYOUT });
    expect(walls.wallOf('city').layout).toBe(DEFAULT_WALL_LAYOUT);
  });

  it('lets a file replace the default layout of every wall without an entry', () => {
    const walls = validateWalls({ layouts: { default: FINANCE } }, 'w', exists);
    expect(walls.wallOf('city')).toEqual({ from: 'default', layoutName: 'default', layout: FINANCE });
  });

  it('of the demo city is valid and gives 铜梁区 the 非法金融活动 topic', () => {
    const walls = readWallsFile(join(DEMO_CITY_DIR, 'walls.json'), exists);
    const panels = walls.wallOf(TONGLIANG).layout.columns.flatMap((c) => c.panels);
    expect(panels).toContainEqual(expect.objectContaining({ kind: 'topic', family: 'E.06', title: '非法金融活动' }));
    expect(walls.wallOf('city').layout).toEqual(DEFAULT_WALL_LAYOUT);
  });

  it('is read from ONESCREEN_WALLS_FILE', () => {
    expect(readConfig({ ONESCREEN_WALLS_FILE: 'walls.json' }, '/srv/onescreen').wallsFile).toBe('/srv/onescreen/walls.json');
    expect(readConfig({}, '/srv').wallsFile).toBeUndefined();
  });
});

describe('GET /api/v1/wall-layout', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers a scope’s layout and name, checked against the token', async () => {
    const wallsFile = writeWalls({ layouts: { finance: FINANCE }, walls: [{ scope: TONGLIANG, layout: 'finance' }] });
    server = await startServer({ wallsFile });
    const district = (await server.get(`/api/v1/wall-layout?scope=${TONGLIANG}`)).json<WallSetup>();
    expect(district).toEqual({ scope: TONGLIANG, level: 'district', name: '铜梁区', from: TONGLIANG, layoutName: 'finance', layout: FINANCE });
    const street = (await server.get(`/api/v1/wall-layout?scope=${BACHUAN}`)).json<WallSetup>();
    expect(street).toMatchObject({ scope: BACHUAN, level: 'street', name: demoCity().nameOf(BACHUAN), from: TONGLIANG });
    const city = (await server.get('/api/v1/wall-layout')).json<WallSetup>();
    expect(city).toMatchObject({ scope: 'city', level: 'city', name: demoCity().name, from: 'default', layout: DEFAULT_WALL_LAYOUT });

    const refused = await server.get(`/api/v1/wall-layout?scope=${TONGLIANG}`, TOKENS.leader);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ message: string }>().message).toContain('cannot read 铜梁区 (500151)');
    expect((await server.get('/api/v1/wall-layout?scope=500199')).statusCode).toBe(404);
    expect((await server.get('/api/v1/wall-layout?scope=500103', TOKENS.leader)).statusCode).toBe(200);
    expect((await server.get('/api/v1/wall-layout', '')).statusCode).toBe(401);
  });

  it('the server does not start with a bad walls file, and says which entry is bad', async () => {
    const wallsFile = writeWalls({ walls: [{ scope: TONGLIANG, layout: 'finance' }] });
    await expect(startServer({ wallsFile })).rejects.toThrow(`walls file ${wallsFile}: walls[0]: unknown layout "finance" (layouts: default)`);
  });
});
