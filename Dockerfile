# Clinical Safety Gate — production image. Build: docker build -t clinical-safety-gate .
# Checked without Docker by scripts/check-docker-steps.sh, which replays these steps (docs/deployment.md).
# Node pinned to a release (the npm package node@24 the tests run on), in both stages; bump both together.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY app.yml ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Alive: the service answers /healthz (/readyz also checks storage and the inbox worker).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Probot's variables (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, …) and DATABASE_URL come from the environment.
CMD ["node", "dist/main.js"]
