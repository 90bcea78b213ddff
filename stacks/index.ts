export * from './common';
export * from './default-bridge';
export * from './custom-bridge';
export * from './address-plan';
export * from './links';
export * from './tiers';
export * from './exposure';
