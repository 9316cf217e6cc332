# Closed Set: one binary serving the API and the embedded PWA.
# Build: docker build -t closedset .
# Run:   docker run -p 8080:8080 -v closedset-data:/data -e CLOSEDSET_PUBLIC_URL=https://closedset.example.com closedset

# 1. The PWA.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY openapi.yaml /src/openapi.yaml
COPY frontend/ ./
RUN npm run build

# 2. The Go binary, with cgo for SQLite and the PWA embedded.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist/ ./frontend/dist/
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/closedset .

# 3. A small runtime image, non-root, with the database on a volume.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin closedset \
 && mkdir -p /data && chown closedset:closedset /data
COPY --from=build /out/closedset /usr/local/bin/closedset
USER closedset
WORKDIR /data
ENV CLOSEDSET_ADDR=:8080 \
    CLOSEDSET_DATABASE=file:/data/closedset.db \
    CLOSEDSET_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/closedset", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/closedset"]
