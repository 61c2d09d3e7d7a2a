import { resolve } from 'node:path';

/** The shared real-data fixtures sit beside the repository (CI copies shared/ next to its clone). */
export const FIXTURES = resolve('../shared/data/real');
