import { fileURLToPath } from 'node:url';

/** Real 311 extracts kept in the repository (test/fixtures/311/PROVENANCE.md says where each comes from). */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/311/', import.meta.url));
