# Production image of lsp-portal. One image runs every role of docker-compose.yml: web
# (gunicorn, the default CMD), the Celery worker and beat, and the one-shot migrate step.
# Configuration comes only from the environment at run time (.env, see .env.example).

# Stage 1: the source tree without what must never reach an image layer: .env holds the
# production secrets, var/ the development database and uploads, .venv the host's
# virtualenv. A .dockerignore would also keep them out of the build context; this stage
# keeps them out of the final image even without one.
FROM python:3.11-slim-bookworm AS source
WORKDIR /src
COPY . .
RUN rm -rf .git .venv var .env .env.* .pytest_cache test-results \
 && find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Stage 2: the runtime image.
FROM python:3.11-slim-bookworm

# Production mode unless a deployment says otherwise: the settings then refuse to start
# without their secrets, and seed_demo refuses to run.
ENV DEBUG=0 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# WeasyPrint's libraries and the fonts the PDFs are set in: the same list as APT_RUN in
# the Makefile, so a PDF renders the same under `make run` and in production
# (tests/test_compose.py keeps the two lists equal).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*

# The processes run as this user; the code stays owned by root, so they cannot change it.
# A real home directory gives fontconfig (WeasyPrint) a writable cache.
RUN groupadd --system --gid 10001 lsp \
 && useradd --system --uid 10001 --gid lsp --create-home --home-dir /home/lsp \
      --shell /usr/sbin/nologin lsp

WORKDIR /app

# Dependencies before the code, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --from=source /src .

# Static files are collected into the image (WhiteNoise serves them with hashed names).
# With DEBUG=0 the settings refuse to load without SECRET_KEY and ALLOWED_HOSTS; these
# build args satisfy that for this one step and are not kept in the image's environment.
# They are placeholders: never pass a real secret as a build arg.
# var/seal-key (mode 0700) and var/seal-cert are where docker-compose.yml mounts the seal's
# volumes; a new named volume takes this owner and mode.
ARG SECRET_KEY=collectstatic-only-not-a-secret
ARG ALLOWED_HOSTS=localhost
RUN python manage.py collectstatic --noinput -v0 \
 && chown lsp:lsp var \
 && install -d -o lsp -g lsp var/media var/beat var/seal-cert \
 && install -d -o lsp -g lsp -m 0700 var/seal-key

USER 10001:10001
EXPOSE 8000

CMD ["gunicorn", "lsp_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
