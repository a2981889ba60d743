// Next's ambient types (CSS modules, images) for `tsc` runs before `next build` has written
// the gitignored next-env.d.ts.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
