/**
 * "About this session" is opened by few, so it is a lazy chunk, fetched when its panel first opens
 * (the header says so if it cannot be). A dynamic `import()` rather than `@defer`: `@defer` brings
 * Angular's deferred-block runtime into the initial script, which weighs more than the panel itself.
 */
export const loadAboutSession = () => import('./about-session').then((panel) => panel.AboutSession);
