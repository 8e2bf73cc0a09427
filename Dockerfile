# One process per container: migrations run on start, then the web app, API and scheduler serve on :8080.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CMMS_HOST=0.0.0.0 \
    CMMS_PORT=8080 \
    CMMS_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
COPY pages ./pages
COPY components ./components
COPY migrations ./migrations
COPY assets ./assets
# Editable install: migrations/ and assets/ are read from the source tree next to the packages.
RUN pip install --editable . && useradd --system --home /app cmms && mkdir -p /data && chown cmms /data

USER cmms
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/health').status != 200)"
CMD ["cmms", "serve"]
