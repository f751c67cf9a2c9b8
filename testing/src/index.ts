export { findFreePort } from './free-port.ts';
export { renderTemplate, startNginx, type NginxOptions, type NginxServer } from './nginx-server.ts';
export { startPostgresServer, type PostgresServer, type PostgresServerOptions } from './postgres-server.ts';
export { makeSelfSignedCertificate, type TlsCertificate } from './tls-certificate.ts';
export { chromiumPath, e2ePortBase, environmentWith } from './settings.ts';
