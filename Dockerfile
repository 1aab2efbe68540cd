# syntax=docker/dockerfile:1

# Build stage: a compiler for annoy's C++ extension, everything installed into a venv.
FROM python:3.11-slim AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY recommender ./recommender
COPY bot ./bot
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir .

# Runtime stage: no compiler, a non-root user, the index kept in a volume.
FROM python:3.11-slim
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
