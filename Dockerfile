# syntax=docker/dockerfile:1

# Pinned to an exact release (digest lookup needs Docker Hub, unreachable from the machine
# this was written on; `docker buildx imagetools inspect python:3.11.14-slim-bookworm` gives it).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# Build stage: a compiler for annoy's C++ extension, everything installed into a venv.
FROM ${PYTHON_IMAGE} AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9
ENV UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never
WORKDIR /src
# Dependencies first, from the lock file alone: this ~500 MB layer is reused until
# pyproject.toml or uv.lock change, not rebuilt on every code change.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-install-project --no-editable
COPY README.md LICENSE ./
COPY recommender ./recommender
COPY bot ./bot
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-editable

# Runtime stage: no compiler, a non-root user, the index kept in a volume.
FROM ${PYTHON_IMAGE}
RUN groupadd --gid 10001 soundalike \
    && useradd --create-home --uid 10001 --gid 10001 soundalike \
    && mkdir -p /app/data \
    && chown 10001:10001 /app/data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
USER 10001:10001
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    INDEX_DIR=/app/data/index \
    HEALTH_FILE=/tmp/soundalike-bot.health \
    MPLCONFIGDIR=/tmp/matplotlib
# The first start downloads the catalog and builds the index here (about 10 s); later
# starts load it from the volume in well under a second.
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
