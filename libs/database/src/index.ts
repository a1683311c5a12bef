export * from './entities';
export * from './data-source';
export * from './embedded-postgres';
export * from './wire';
export * from './deadlines';
export * from './json-rows';
export * from './prepared';
export * from './commit';
