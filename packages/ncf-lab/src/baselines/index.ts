export * from './cholesky-inverse';
export * from './ease';
export * from './popular';
export * from './ratings';
