export * from './errors';
export * from './model';
export * from './diff';
export * from './text';
export * from './diagram';
export * from './live';
export * from './topology-report';
