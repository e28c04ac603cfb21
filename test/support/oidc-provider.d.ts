// oidc-provider ships no types; the test OP uses a handful of its calls (see oidc-op.ts)
declare module 'oidc-provider';
