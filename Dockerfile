# syntax=docker/dockerfile:1
# Teamspace's app server: the API, serving the built SPA on the same origin. Multi-stage: the SPA is
# built with every dependency; the image that runs keeps the API's production dependencies only,
# and runs as an unprivileged user. deploy/compose.yaml runs two of it behind nginx, on PostgreSQL.
#
#   docker build -t teamspace .
#
# Node 24 runs the TypeScript sources as they are (type stripping): there is no compile step.

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Build the SPA (web/dist/browser).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
COPY contracts/package.json contracts/
COPY testing/package.json testing/
COPY api/package.json api/
COPY idp/package.json idp/
COPY web/package.json web/
COPY e2e/package.json e2e/
# npm install, not npm ci: see the README (the lockfile omits other platforms' optional packages).
RUN npm install --no-audit --no-fund
COPY tsconfig.base.json ./
COPY contracts/ contracts/
COPY web/ web/
RUN npm run build

# 2. The API's production dependencies, nothing else (no Angular, no dev IdP, no test tools).
FROM ${NODE_IMAGE} AS api-dependencies
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY contracts/package.json contracts/
COPY testing/package.json testing/
COPY api/package.json api/
COPY idp/package.json idp/
COPY web/package.json web/
COPY e2e/package.json e2e/
RUN npm install --omit=dev --workspace=@app/api --include-workspace-root=false --no-audit --no-fund

# 3. What runs.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4200
WORKDIR /app
COPY --from=api-dependencies /app/node_modules node_modules/
COPY package.json ./
COPY contracts/package.json contracts/
COPY contracts/src contracts/src/
COPY api/package.json api/
COPY api/src api/src/
COPY --from=build /src/web/dist/browser web/dist/browser/
# The image's own unprivileged user; nothing under /app is writable by it.
USER node
EXPOSE 4200
# Readiness (database reachable): an orchestrator may also use GET /api/health for liveness.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT ?? 4200) + '/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "api/src/server.ts"]
