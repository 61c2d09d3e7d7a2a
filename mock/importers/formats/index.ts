import type { FormatName, SourceFormat } from '../source-row';
import { la311 } from './la311';
import { nyc311 } from './nyc311';
import { open311 } from './open311';
import { sf311 } from './sf311';

export const FORMATS: Readonly<Record<FormatName, SourceFormat>> = { la311, sf311, nyc311, open311 };
