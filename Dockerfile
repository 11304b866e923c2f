# One image for every Node process of the platform; docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json biome.json ./
COPY services/kit/package.json services/kit/
COPY services/registry/package.json services/registry/
COPY services/economies/package.json services/economies/
COPY services/matchmaking/package.json services/matchmaking/
COPY services/surveys/package.json services/surveys/
COPY services/accounts/package.json services/accounts/
COPY services/integrations/package.json services/integrations/
COPY gateway/package.json gateway/
COPY clients/web/package.json clients/web/
COPY clients/integrator/package.json clients/integrator/
RUN npm ci --no-audit --no-fund
COPY . .
# A public Mapbox token (pk.…) built into the web client switches /map to mapbox-gl (decision §33); unset: offline maplibre.
ARG VITE_MAPBOX_TOKEN=
ARG VITE_MAPBOX_STYLE=
ENV VITE_MAPBOX_TOKEN=${VITE_MAPBOX_TOKEN} VITE_MAPBOX_STYLE=${VITE_MAPBOX_STYLE}
RUN npx turbo run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "gateway/dist/index.js"]

# The web client: static files behind nginx, which proxies /graphql and /auth to the gateway.
FROM nginx:1.27-alpine AS web
COPY clients/web/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/clients/web/dist /usr/share/nginx/html
