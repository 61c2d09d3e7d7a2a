export * from './vocabulary';
export * from './event';
export * from './summary';
export * from './live';
export * from './geo';
export * from './categories';
export * from './me';
