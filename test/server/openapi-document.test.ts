import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validate as validateOas31 } from '@hyperjump/json-schema/openapi-3-1';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, sampleGrids, startServer, tempDir, type TestServer } from './lib/harness';

/** A JSON value, as the validators take it. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

let server: TestServer;
let document: { [key: string]: Json };
beforeAll(async () => {
  server = await startServer();
  document = (await server.get('/api/v1/openapi.json', '')).json<{ [key: string]: Json }>();
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

/** Tools nobody on this project wrote check the document the server publishes, as a client generator would read it. */
describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 by the official schema, and every reference in it resolves', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it("has every schema in OpenAPI 3.1's JSON Schema dialect (2020-12: tuples are prefixItems)", async () => {
    const output = await validateOas31('https://spec.openapis.org/oas/3.1/schema-base', document, 'BASIC');
    const errors = output.valid ? [] : [...new Set((output.errors ?? []).map((e) => `${e.instanceLocation}: ${e.keyword}`))];
    expect(errors).toEqual([]);
    expect(output.valid).toBe(true);
  });

  it('describes the tuples the server sends: its grid rows fit, a row with a column more, less or of another type does not', async () => {
    const { a1, streetA } = sampleGrids();
    const event = { id: 'doc-1', caseId: 'DOC1', type: 'reported', at: new Date().toISOString(), category: 'E.05.02', source: 'app', gridCode: a1 };
    await server.ingest([event]);
    const rows = (await server.get(`/api/v1/grids?scope=${streetA}`)).json<Json[][]>();
    expect(rows.length).toBeGreaterThan(0);

    const file = join(tempDir(), 'onescreen.openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const schema = `${pathToFileURL(file).href}#/paths/~1api~1v1~1grids/get/responses/200/content/application~1json/schema`;
    const fits = async (body: Json[][]) => (await validateOas31(schema, body)).valid;
    expect(await fits(rows)).toBe(true);
    expect(await fits([[...rows[0], 0]])).toBe(false);
    expect(await fits([rows[0].slice(0, 3)])).toBe(false);
    expect(await fits([[rows[0][0], 'many', 0, 0]])).toBe(false);
  });
});
