export * from './vocabulary';
export * from './area-code';
export * from './event';
export * from './summary';
export * from './live';
export * from './geo';
export * from './categories';
export * from './me';
