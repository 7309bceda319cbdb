# syntax=docker/dockerfile:1
# Shortlist: one process running the esbuild bundle of src/ (dist/main.mjs), migrations applied
# by the app itself at start-up. Embedded PGlite keeps its files in /data (a volume) unless DATABASE_URL
# points at PostgreSQL.

# --- build: the full dev install; type-checks the sources and bundles them. The runtime stage copies
# the bundle from here, so a type error fails the image build.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY drizzle ./drizzle
# patches/: npm ci's postinstall applies them to node_modules (patch-package; see patches/README.md).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run typecheck && npm run build

# --- runtime: production dependencies only, the bundle and the migrations.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
# scripts/ and drizzle/ first: npm ci's postinstall prepares the migrated PGlite database a first start copies.
COPY scripts ./scripts
COPY drizzle ./drizzle
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The volume is created owned by node so a fresh named volume inherits that owner.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# GET /healthz is 200 once the database answers, 503 while it does not or while shutting down.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself; the app drains for up to 10 s, so give
# `docker stop` more than that (docker stop -t 20, or stop_grace_period: 20s in compose).
CMD ["node", "--enable-source-maps", "dist/main.mjs"]
