// oidc-provider (panva) ships no types; the city's OpenID Provider uses a handful of its calls (provider.ts)
declare module 'oidc-provider';
