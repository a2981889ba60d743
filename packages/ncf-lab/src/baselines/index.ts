export * from './ease';
export * from './popular';
export * from './ratings';
